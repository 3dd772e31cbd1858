using System.Diagnostics;
using Ranking.Testing.Loopback;
using Xunit.Abstractions;

namespace Ranking.Functions.Tests;

/// <summary>
/// The bucket stops answering mid-flight (a proxy that holds every byte): requests keep answering within their
/// deadline with the model they have, and each model check gives up at its timeout, counted, after the answer.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class StalledDependencyTests(FunctionsFixture fixture, ITestOutputHelper output)
{
    private const string Model = "stall-ltr";

    [Fact]
    public async Task Rank_WithTheBucketStalled_KeepsAnsweringWithItsModelAndCountsTheTimedOutChecks()
    {
        await fixture.Bed.UploadSampleModelAsync(Model, "1");
        await using var proxy = new StallingProxy(fixture.Bed.S3rver.ServiceUrl);
        await using var function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = fixture.Bed.Environment(api, surfaces: $"feed={Model}");
            environment["AWS_ENDPOINT_URL_S3"] = proxy.Url;
            environment["RANKING_MODEL_TTL_SECONDS"] = "1";
            environment["RANKING_MODEL_CHECK_TIMEOUT_MS"] = "500";
            return environment;
        });
        Assert.Equal("1", RankEvents.ServedVersion(await function.InvokeAsync(RankEvents.FeedOfThree)));

        proxy.Stall();
        await fixture.Bed.UploadSampleModelAsync(Model, "2");
        var answers = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            // Between requests the function has time to run (and give up) its check, as an idle environment would.
            await Task.Delay(700);
            var watch = Stopwatch.StartNew();
            var response = await function.InvokeAsync(RankEvents.FeedOfThree);
            answers.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal("1", RankEvents.ServedVersion(response));
        }

        // Before this was fixed each request took 29.9 s and failed. The deadline is 250 ms; slack for a loaded 2-core machine.
        output.WriteLine($"answers with the bucket stalled (ms): {string.Join(", ", answers.Select(a => a.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(answers.Max() < 1500, $"slowest answer {answers.Max():F0} ms");
        Assert.Contains(function.Process.Output, l => l.Contains("\"ModelSwapFailures\"", StringComparison.Ordinal));
        Assert.Contains(function.Process.Output, l => l.Contains("timed out after 500 ms", StringComparison.Ordinal));

        proxy.Resume();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? version = "1";
        while (version == "1" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            version = RankEvents.ServedVersion(await function.InvokeAsync(RankEvents.FeedOfThree));
        }

        Assert.Equal("2", version);
    }
}

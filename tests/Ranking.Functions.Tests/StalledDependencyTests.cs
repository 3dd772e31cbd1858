using System.Diagnostics;
using Ranking.Stores.Registry;
using Ranking.Testing.Functions;
using Ranking.Testing.Loopback;
using Ranking.Testing.Models;
using Ranking.Testing.Seams;
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
        await function.Process.WaitForLineAsync(l => l.Contains("\"ModelSwapFailures\"", StringComparison.Ordinal));
        await function.Process.WaitForLineAsync(l => l.Contains("timed out after 500 ms", StringComparison.Ordinal));

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

    [Fact]
    public async Task Rank_WithTheRegistryTableStalled_KeepsAnsweringWithItsModelAndCountsTheTimedOutChecks()
    {
        const string Name = "regstall-ltr";
        using var packages = new TestPackages();
        var registry = new DynamoModelRegistry(fixture.Bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        await new ModelPublisher(fixture.Bed.S3, fixture.Bed.S3rver.Bucket, registry, TimeProvider.System).PublishAsync(packages.CopyOfSample(Name, "1"), null, CancellationToken.None);
        Assert.True(await registry.TryUpdateStatusAsync(Name, "1", ModelStatus.Published, ModelStatus.Validated, null, CancellationToken.None));
        Assert.Equal(RegistryOutcome.Done, (await registry.PromoteAsync(Name, "1", CancellationToken.None)).Outcome);

        // The registry shares DynamoDB's endpoint with the feature tables: an anonymous request over items the function
        // has cached reads nothing from DynamoDB, so only the model check meets the stall.
        const string Anonymous = """
            {"version":"2.0","rawPath":"/v1/rank","headers":{"content-type":"application/json"},"requestContext":{"requestId":"r-anon","http":{"method":"POST"}},
             "body":"{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\"},{\"itemId\":\"i_2\"}]}","isBase64Encoded":false}
            """;
        await using var proxy = new StallingProxy(fixture.Bed.Dynalite.ServiceUrl);
        await using var function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = fixture.Bed.Environment(api, surfaces: $"feed={Name}", registry: true);
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.Url;
            environment["RANKING_MODEL_TTL_SECONDS"] = "1";
            environment["RANKING_MODEL_CHECK_TIMEOUT_MS"] = "500";
            return environment;
        });
        Assert.Equal("1", RankEvents.ServedVersion(await function.InvokeAsync(Anonymous)));

        proxy.Stall();
        var answers = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(700);
            var watch = Stopwatch.StartNew();
            var response = await function.InvokeAsync(Anonymous);
            answers.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal("1", RankEvents.ServedVersion(response));
        }

        output.WriteLine($"answers with the registry stalled (ms): {string.Join(", ", answers.Select(a => a.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(answers.Max() < 1500, $"slowest answer {answers.Max():F0} ms");
        await function.Process.WaitForLineAsync(l => l.Contains("cannot read the live version", StringComparison.Ordinal) && l.Contains("timed out after 500 ms", StringComparison.Ordinal));
        await function.Process.WaitForLineAsync(l => l.Contains("\"ModelSwapFailures\"", StringComparison.Ordinal));
    }
}

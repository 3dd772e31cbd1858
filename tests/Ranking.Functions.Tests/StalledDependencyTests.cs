using System.Diagnostics;
using System.Text.Json;
using Ranking.Testing.Loopback;

namespace Ranking.Functions.Tests;

/// <summary>
/// The bucket stops answering mid-flight (a proxy that holds every byte): requests keep answering within their
/// deadline with the model they have, and each model check gives up at its timeout, counted, after the answer.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class StalledDependencyTests(FunctionsFixture fixture)
{
    private const string Model = "stall-ltr";

    private const string RankEvent = """
        {"version":"2.0","routeKey":"$default","rawPath":"/v1/rank","rawQueryString":"","headers":{"content-type":"application/json"},
         "requestContext":{"requestId":"r-stall","http":{"method":"POST","path":"/v1/rank"}},
         "body":"{\"surface\":\"feed\",\"userId\":\"u_1\",\"candidates\":[{\"itemId\":\"i_1\"},{\"itemId\":\"i_2\"},{\"itemId\":\"i_3\"}]}","isBase64Encoded":false}
        """;

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
        Assert.Equal("1", Version(await function.InvokeAsync(RankEvent)));

        proxy.Stall();
        await fixture.Bed.UploadSampleModelAsync(Model, "2");
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 8; i++)
        {
            // Between requests the function has time to run (and give up) its check, as an idle environment would.
            await Task.Delay(700);
            var watch = Stopwatch.StartNew();
            var response = await function.InvokeAsync(RankEvent);
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            Assert.Equal("1", Version(response));
        }

        // Before this was fixed each request took 29.9 s and failed. The deadline is 250 ms; slack for a loaded 2-core machine.
        Assert.True(slowest < TimeSpan.FromSeconds(1.5), $"slowest answer {slowest.TotalMilliseconds:F0} ms");
        Assert.Contains(function.Process.Output, l => l.Contains("\"ModelSwapFailures\"", StringComparison.Ordinal));
        Assert.Contains(function.Process.Output, l => l.Contains("timed out after 500 ms", StringComparison.Ordinal));

        proxy.Resume();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? version = "1";
        while (version == "1" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            version = Version(await function.InvokeAsync(RankEvent));
        }

        Assert.Equal("2", version);
    }

    private static string? Version(JsonElement response)
    {
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        return body.RootElement.GetProperty("model").GetProperty("version").GetString();
    }
}

using Ranking.Testing.Functions;

namespace Ranking.Functions.Tests;

/// <summary>A new package in the bucket is served by a running Rank function within its TTL, with no failed request.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class HotSwapTests(FunctionsFixture fixture)
{
    private const string Model = "swap-ltr";

    private Task UploadAsync(string version) => fixture.Bed.UploadSampleModelAsync(Model, version);

    [Fact]
    public async Task NewPackage_IsServedAfterTheTtlWithoutAFailedRequest()
    {
        await UploadAsync("1");
        await using var function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = fixture.Bed.Environment(api, surfaces: $"feed={Model}");
            environment["RANKING_MODEL_TTL_SECONDS"] = "1";
            return environment;
        });

        Assert.Equal("1", RankEvents.ServedVersion(await function.InvokeAsync(RankEvents.FeedOfThree)));
        await UploadAsync("2");
        var versions = new List<string?>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && versions.LastOrDefault() != "2")
        {
            // RunningFunction.InvokeAsync fails the test on any invocation error, so every request here succeeded.
            versions.Add(RankEvents.ServedVersion(await function.InvokeAsync(RankEvents.FeedOfThree)));
            await Task.Delay(100);
        }

        Assert.Equal("2", versions[^1]);
        // Once version 2 answered, version 1 never answers again.
        Assert.DoesNotContain("1", versions.SkipWhile(v => v == "1"));
        await function.Process.WaitForLineAsync(l => l.Contains("\"ModelsSwapped\"", StringComparison.Ordinal));
    }
}

namespace Ranking.Cli.Tests.Serve;

/// <summary>A challenger scores every request in the shadow: the response is the live model's, the comparison is counted.</summary>
public sealed class ServeShadowTests : IAsyncLifetime
{
    private const string Request = """{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"}]}""";

    private ServerFixture _plain = null!;
    private ServerFixture _shadowed = null!;

    public async Task InitializeAsync()
    {
        _plain = await ServerFixture.StartAsync(RepoPaths.Models);
        _shadowed = await ServerFixture.StartAsync(RepoPaths.Models, shadow: "feed=search-ltr:1@1");
    }

    public async Task DisposeAsync()
    {
        await _plain.DisposeAsync();
        await _shadowed.DisposeAsync();
    }

    [Fact]
    public async Task Rank_WithChallenger_ReturnsTheLiveRankingAndRecordsTheComparison()
    {
        var (_, plain) = await _plain.PostRankAsync(Request);
        var (status, shadowed) = await _shadowed.PostRankAsync(Request);

        Assert.Equal(200, status);
        Assert.Equal(plain.GetProperty("items").GetRawText(), shadowed.GetProperty("items").GetRawText());
        Assert.Equal("feed-ltr", shadowed.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(1, _shadowed.Server.Metrics.Recorded("ShadowRankCorrelation"));
        var correlation = _shadowed.Server.Metrics.Sum("ShadowRankCorrelation");
        var difference = _shadowed.Server.Metrics.Sum("ShadowScoreDifference");
        Assert.InRange(correlation, -1, 1);
        Assert.True(difference >= 0);
        Assert.Equal(0, _plain.Server.Metrics.Recorded("ShadowRankCorrelation"));
    }

    [Fact]
    public async Task Start_WithShadowOnUnknownSurface_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => ServerFixture.StartAsync(RepoPaths.Models, shadow: "home=feed-ltr:1@0.5"));

        Assert.Contains("surface 'home'", error.Message, StringComparison.Ordinal);
    }
}

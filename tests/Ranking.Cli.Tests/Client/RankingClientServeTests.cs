using Ranking.Cli.Tests.Serve;
using Ranking.Client;
using Ranking.Client.Model;
using Ranking.Testing.Contract;

namespace Ranking.Cli.Tests.Client;

/// <summary>The typed client against a real serve (its answers contract-checked on the way in).</summary>
public sealed class RankingClientServeTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private HttpClient _http = null!;
    private RankingClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync(RepoPaths.Models);
        _http = ContractCheckingHandler.Client(_server.Server.Address);
        _client = new RankingClient(_http);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Rank_WithEveryOption_RanksExplainsAndAppliesThePin()
    {
        var response = await _client.RankAsync(new RankRequest
        {
            Surface = "feed",
            UserId = "u_1",
            Context = new Dictionary<string, object> { ["platform"] = "ios", ["hour"] = 9 },
            Candidates = [new("i_1"), new("i_2"), new("i_3"), new("i_4")],
            Explain = true,
            Exclude = ["i_4"],
            Pins = [new("i_2", 1)],
            Time = ServerFixture.Now,
        });

        Assert.Equal(new ModelRef("feed-ltr", "1"), response.Model);
        Assert.Equal("i_2", response.Items[0].ItemId);
        Assert.Equal(1, response.Items[0].Rules!.Pinned);
        Assert.NotEmpty(response.Items[0].Features!);
        Assert.Contains(response.Removed, r => r.ItemId == "i_4" && r.Reason == "excluded");
        Assert.True(response.TimingsMs.Total > 0);
    }

    [Fact]
    public async Task Rank_OfAnUnknownSurface_FailsWithTheApisCode()
    {
        var error = await Assert.ThrowsAsync<RankingApiException>(() => _client.RankAsync(new RankRequest { Surface = "home", Candidates = [new("i_1")] }));

        Assert.Equal((404, "unknown_surface"), (error.StatusCode, error.Code));
        Assert.Contains("configured: feed, search", error.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendEvents_SaysWhichWereRefused()
    {
        var ranked = await _client.RankAsync(new RankRequest { Surface = "feed", UserId = "u_1", Candidates = [new("i_1"), new("i_2")] });

        var response = await _client.SendEventsAsync(
        [
            new FeedbackEvent("click", "i_1", ServerFixture.Now, ranked.RequestId, "u_1"),
            new FeedbackEvent("share", "i_2", ServerFixture.Now, ranked.RequestId, "u_1"),
        ]);

        Assert.Equal(1, response.Accepted);
        Assert.Equal((1, "invalid_event"), (Assert.Single(response.Rejected).Index, response.Rejected[0].Code));
    }

    [Fact]
    public async Task Health_NamesEachSurfacesModel()
    {
        var health = await _client.HealthAsync();

        Assert.Equal("ok", health.Status);
        Assert.Equal(["feed", "search"], health.Models.Select(m => m.Surface));
        Assert.All(health.Models, m => Assert.NotNull(m.Version));
    }
}

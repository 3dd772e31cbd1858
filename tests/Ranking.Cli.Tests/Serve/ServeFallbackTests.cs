using System.Text.Json;

namespace Ranking.Cli.Tests.Serve;

/// <summary>With no model package, serve still starts, health names the missing model, and ranking falls back flagged.</summary>
public sealed class ServeFallbackTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_WithMissingModels_IsDegradedAndNamesThem()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/v1/health");

        Assert.Equal(200, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var feed = body.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("surface").GetString() == "feed");
        Assert.Equal("feed-ltr", feed.GetProperty("name").GetString());
        Assert.Equal("unavailable", feed.GetProperty("status").GetString());
        Assert.Equal("no live version of feed-ltr in the models folder", feed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Rank_WithMissingModel_Answers200InInputOrderFlagged()
    {
        var (status, body) = await _server.PostRankAsync("""
            {"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_3"},{"itemId":"i_sold"},{"itemId":"i_1"},{"itemId":"i_3"},{"itemId":"ghost"}]}
            """);

        Assert.Equal(200, status);
        Assert.Equal("model_unavailable", body.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("model").ValueKind);
        Assert.Equal(["i_3", "i_1", "ghost"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        var removed = body.GetProperty("removed").EnumerateArray().Select(r => $"{r.GetProperty("itemId").GetString()}:{r.GetProperty("reason").GetString()}");
        Assert.Equal(["i_sold:inactive", "i_3:duplicate"], removed);
        Assert.Equal(1, _server.Server.Metrics.Sum("Fallback_model_unavailable"));
        Assert.Equal(1, _server.Server.Metrics.Sum("MissingItems"));
    }

    [Fact]
    public async Task FeedRerank_WithMissingModel_FailsVisiblyAndLeavesTheFeed()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_1/feed/rerank");

        Assert.Equal(503, status);
        Assert.Equal("rerank_failed", body.GetProperty("error").GetProperty("code").GetString());
        var (_, feed) = await _server.SendAsync(HttpMethod.Get, "/v1/feeds/u_1/feed");
        Assert.Equal(0, feed.GetProperty("items").GetArrayLength());
        Assert.Equal(1, _server.Server.Metrics.Sum("FeedsFailed"));
    }

    [Fact]
    public async Task Feed_ForUnknownUser_Answers404()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/v1/feeds/nobody/feed");

        Assert.Equal(404, status);
        Assert.Equal("not_found", body.GetProperty("error").GetProperty("code").GetString());
    }
}

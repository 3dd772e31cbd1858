using System.Text.Json;

namespace Ranking.Cli.Tests.Serve;

/// <summary>Ranking with the committed default models through a real Kestrel.</summary>
public sealed class ServeRankingTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(RepoPaths.Models);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string SearchRequest = """
        {"surface":"search","userId":"u_1","query":"levis jeans","context":{"platform":"ios"},
         "candidates":[{"itemId":"i_2"},{"itemId":"i_3"},{"itemId":"i_1"},{"itemId":"i_sold"},{"itemId":"ghost"}],"explain":true}
        """;

    [Fact]
    public async Task Health_WithModels_IsOkAndNamesVersions()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/v1/health");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(["feed:feed-ltr:1", "search:search-ltr:1"], body.GetProperty("models").EnumerateArray()
            .Select(m => $"{m.GetProperty("surface").GetString()}:{m.GetProperty("name").GetString()}:{m.GetProperty("version").GetString()}"));
    }

    [Fact]
    public async Task Rank_WithModel_ScoresInDescendingOrderAndNamesTheModel()
    {
        var (status, body) = await _server.PostRankAsync(SearchRequest);

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("fallback").ValueKind);
        Assert.Equal("search-ltr", body.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal("1", body.GetProperty("model").GetProperty("version").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["ghost", "i_1", "i_2", "i_3"], items.Select(i => i.GetProperty("itemId").GetString()).Order());
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal([1, 2, 3, 4], items.Select(i => i.GetProperty("rank").GetInt32()));
        Assert.Equal("i_sold", body.GetProperty("removed")[0].GetProperty("itemId").GetString());
        Assert.True(body.GetProperty("timingsMs").GetProperty("total").GetDouble() > 0);
    }

    [Fact]
    public async Task Rank_WithQueryMatchingTheTitle_ExplainsTextMatch()
    {
        var (_, body) = await _server.PostRankAsync(SearchRequest);

        var levis = body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetString() == "i_1");
        Assert.Equal(1.0, levis.GetProperty("features").GetProperty("text_match").GetDouble());
        Assert.Equal(1.0, levis.GetProperty("features").GetProperty("platform_ios").GetDouble());
    }

    [Fact]
    public async Task Rank_WithExplain_GivesContributionsThatAddUpWithTheBaseToEachScore()
    {
        var (_, body) = await _server.PostRankAsync(SearchRequest);

        var baseValue = body.GetProperty("explanation").GetProperty("base").GetDouble();
        foreach (var item in body.GetProperty("items").EnumerateArray())
        {
            var contributions = item.GetProperty("contributions").EnumerateObject().ToList();
            Assert.Equal(item.GetProperty("features").EnumerateObject().Select(f => f.Name), contributions.Select(c => c.Name));
            var boost = item.TryGetProperty("boost", out var b) ? b.GetDouble() : 0;
            Assert.Equal(item.GetProperty("score").GetDouble(), baseValue + contributions.Sum(c => c.Value.GetDouble()) + boost, 1e-4);
        }
    }

    [Fact]
    public async Task Rank_SameRequestTwice_GivesSameOrderAndScores()
    {
        var (_, first) = await _server.PostRankAsync(SearchRequest);
        var (_, second) = await _server.PostRankAsync(SearchRequest);

        Assert.Equal(first.GetProperty("items").GetRawText(), second.GetProperty("items").GetRawText());
    }

    [Fact]
    public async Task Rank_WithLimit_ReturnsTheTopOfTheFullRanking()
    {
        var (_, full) = await _server.PostRankAsync(SearchRequest);
        var (_, top) = await _server.PostRankAsync(SearchRequest.Replace("\"explain\":true", "\"limit\":2", StringComparison.Ordinal));

        Assert.Equal(
            full.GetProperty("items").EnumerateArray().Take(2).Select(i => i.GetProperty("itemId").GetString()),
            top.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task FeedRerank_RanksStoredCandidatesAndIsIdempotent()
    {
        var (status, first) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_1/feed/rerank");
        var (_, second) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_1/feed/rerank");
        var (_, stored) = await _server.SendAsync(HttpMethod.Get, "/v1/feeds/u_1/feed");

        Assert.Equal(200, status);
        Assert.Equal("ranked", first.GetProperty("outcome").GetString());
        var ranked = first.GetProperty("feed").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToList();
        Assert.Equal(["i_1", "i_2", "i_3"], ranked.Order());
        Assert.Equal(first.GetProperty("feed").GetProperty("items").GetRawText(), second.GetProperty("feed").GetProperty("items").GetRawText());
        Assert.Equal(1, stored.GetProperty("candidatesVersion").GetInt64());
        Assert.Equal(1, stored.GetProperty("rankedFromVersion").GetInt64());
        Assert.Equal("feed-ltr", stored.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(first.GetProperty("feed").GetProperty("items").GetRawText(), stored.GetProperty("items").GetRawText());
        // Each re-rank request is its own message: the stored feed carries the latest one's impression id for the app's events.
        Assert.StartsWith("feed-", stored.GetProperty("impressionId").GetString(), StringComparison.Ordinal);
        Assert.Equal(second.GetProperty("feed").GetProperty("impressionId").GetString(), stored.GetProperty("impressionId").GetString());
        Assert.NotEqual(first.GetProperty("feed").GetProperty("impressionId").GetString(), stored.GetProperty("impressionId").GetString());
    }

    [Fact]
    public async Task FeedRerank_WithInlineCandidates_ReplacesThemOnceAndRanks()
    {
        const string body = """{"candidates":[{"itemId":"i_3"},{"itemId":"i_sold"},{"itemId":"i_2"}]}""";
        var (status, first) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_9/feed/rerank", body);
        var (_, again) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_9/feed/rerank", body);

        Assert.Equal(200, status);
        Assert.Equal(["i_2", "i_3"], first.GetProperty("feed").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).Order());
        // Identical candidates do not bump the version: re-processing a message is harmless.
        Assert.Equal(1, again.GetProperty("feed").GetProperty("candidatesVersion").GetInt64());
    }

    [Fact]
    public async Task FeedRerank_WithBadBody_NamesTheField()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_1/feed/rerank", """{"candidates":[{"itemId":""}]}""");

        Assert.Equal(400, status);
        Assert.Contains("candidates[0].itemId", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedRerank_ForUserWithoutFeed_Answers404()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/nobody/feed/rerank");

        Assert.Equal(404, status);
        Assert.Equal("not_found", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, _server.Server.Metrics.Sum("FeedsEmpty"));
    }

    [Fact]
    public async Task FeedRerank_OnUnknownSurface_Answers404UnknownSurface()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Post, "/v1/feeds/u_1/homepage/rerank");

        Assert.Equal(404, status);
        Assert.Equal("unknown_surface", body.GetProperty("error").GetProperty("code").GetString());
    }
}

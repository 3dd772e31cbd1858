using System.Text;
using System.Text.Json;
using Ranking.Contracts.Rules;
using Ranking.Core.Data;
using Ranking.Core.Rules;
using Ranking.Core.Ranking;
using Ranking.Handlers.Http;
using Ranking.Handlers.Tests.Metrics;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Handlers.Tests.Models;
using Ranking.Stores.Items;
using Ranking.Stores.Users;
using Ranking.Testing.Loopback;
using Ranking.Testing.Seams;

namespace Ranking.Handlers.Tests.Rank;

/// <summary>The rank endpoint over the sample feed model, with the stores and the shadow draw behind hand-written seams.</summary>
public sealed partial class RankHandlerTests : IAsyncLifetime
{
    private const string Body = """{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"},{"itemId":"i_4"}]}""";
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_candidates = ["i_1", "i_2", "i_3", "i_4"];

    private readonly FakeStore _store = new();
    private readonly RecordingMetrics _metrics = new();
    private ModelCatalog _catalog = null!;

    public async Task InitializeAsync() =>
        _catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = await SampleModels.LoadAsync("feed-ltr") }]);

    public Task DisposeAsync()
    {
        _metrics.Dispose();
        _catalog.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Handle_WithAModel_AnswersEveryCandidateRankedByScore()
    {
        using var response = await HandleAsync(Body);

        var root = response.RootElement;
        Assert.Equal("r-1", root.GetProperty("requestId").GetString());
        Assert.Equal("feed-ltr", root.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("fallback").ValueKind);
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(s_candidates, items.Select(i => i.GetProperty("itemId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3, 4], items.Select(i => i.GetProperty("rank").GetInt32()));
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(1, _metrics.Sum("RankLatency"));
    }

    [Fact]
    public async Task Handle_WithTime_MeasuresItemAgesAsOfThatTime()
    {
        var asOf = s_now.AddDays(10);
        using var now = await HandleAsync(Body.Replace("]}", "],\"explain\":true}", StringComparison.Ordinal));
        using var then = await HandleAsync(Body.Replace("]}", $"],\"explain\":true,\"time\":\"{asOf:O}\"}}", StringComparison.Ordinal));

        Assert.Equal([3, 1, 20, 7], AgesById(now));
        Assert.Equal([13, 11, 30, 17], AgesById(then));
    }

    [Fact]
    public async Task Handle_WithExplain_GivesEachItemFeaturesAndContributionsThatAddUpToItsScore()
    {
        using var response = await HandleAsync(Body.Replace("]}", "],\"explain\":true}", StringComparison.Ordinal));

        var root = response.RootElement;
        var baseValue = root.GetProperty("explanation").GetProperty("base").GetDouble();
        Assert.Equal(["base"], root.GetProperty("explanation").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["features", "scoring", "rules", "explain", "total"], root.GetProperty("timingsMs").EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("timingsMs").GetProperty("explain").GetDouble() > 0);
        foreach (var item in root.GetProperty("items").EnumerateArray())
        {
            var features = item.GetProperty("features").EnumerateObject().Select(p => p.Name).ToList();
            var contributions = item.GetProperty("contributions").EnumerateObject().ToList();
            Assert.Equal(14, features.Count);
            Assert.Equal(features, contributions.Select(c => c.Name));
            Assert.Contains(contributions, c => c.Value.GetDouble() != 0);
            Assert.False(item.TryGetProperty("boost", out _));
            Assert.Equal(item.GetProperty("score").GetDouble(), baseValue + contributions.Sum(c => c.Value.GetDouble()), 1e-4);
        }
    }

    [Fact]
    public async Task Handle_WithExplainAndAModelWithoutCovers_SaysContributionsAreUnavailable()
    {
        var loaded = await SampleModels.LoadAsync("feed-ltr");
        var bare = RankingModel.Create(loaded.Manifest, await File.ReadAllBytesAsync(Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1", "model.onnx")));
        loaded.Dispose();
        _catalog.Dispose();
        _catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = bare }]);

        using var response = await HandleAsync(Body.Replace("]}", "],\"explain\":true}", StringComparison.Ordinal));

        var explanation = response.RootElement.GetProperty("explanation");
        Assert.Equal(JsonValueKind.Null, explanation.GetProperty("base").ValueKind);
        Assert.Contains("lightgbm.txt", explanation.GetProperty("unavailable").GetString(), StringComparison.Ordinal);
        Assert.All(response.RootElement.GetProperty("items").EnumerateArray(), item =>
        {
            Assert.True(item.TryGetProperty("features", out _));
            Assert.False(item.TryGetProperty("contributions", out _));
        });
    }

    [Fact]
    public async Task Handle_WithoutExplain_WritesTheFieldsItAlwaysHas()
    {
        using var response = await HandleAsync(Body);

        var root = response.RootElement;
        Assert.Equal(["requestId", "surface", "model", "fallback", "items", "removed", "timingsMs"], root.EnumerateObject().Select(p => p.Name));
        Assert.All(root.GetProperty("items").EnumerateArray(), item => Assert.Equal(["itemId", "score", "rank"], item.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["features", "scoring", "rules", "total"], root.GetProperty("timingsMs").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Handle_WithConfiguredRulesAndAPinAndAnExclusion_AppliesEachExplainsItAndCountsIt()
    {
        var rules = RulesConfiguration.Parse(
            """
            {"feed": {
              "diversity": [{"attribute": "brand", "max": 1, "window": 4}],
              "boosts": [{"name": "popular", "attribute": "likes", "min": 10, "add": 100}],
              "filters": [{"name": "pricey", "attribute": "price", "min": 70}]
            }}
            """,
            ["feed"]);
        var model = _catalog.Surfaces.Single().Model;
        _catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = model, Rules = new SurfaceRules(rules["feed"]) }]);
        var body = """
            {"surface":"feed","userId":"u_1","explain":true,"exclude":["i_2"],"pins":[{"itemId":"i_1","position":2}],
             "candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"},{"itemId":"i_4"},{"itemId":"i_5"}]}
            """;

        using var response = await HandleAsync(body);

        var root = response.RootElement;
        // i_2 excluded, i_3 (80) over the price filter; i_4 boosted (12 likes) leads; i_1 pinned second; i_5 is not stored.
        Assert.Equal([("i_2", "excluded"), ("i_3", "filter:pricey")], root.GetProperty("removed").EnumerateArray().Select(r => (r.GetProperty("itemId").GetString(), r.GetProperty("reason").GetString())));
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["i_4", "i_1", "i_5"], items.Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal(100, items[0].GetProperty("rules").GetProperty("boosts").GetProperty("popular").GetDouble());
        Assert.Equal(100, items[0].GetProperty("boost").GetDouble(), 1e-4);
        Assert.Equal(2, items[1].GetProperty("rules").GetProperty("pinned").GetInt32());
        Assert.False(items[2].TryGetProperty("rules", out _));
        Assert.Equal(1, _metrics.Sum("Removed_excluded"));
        Assert.Equal(1, _metrics.Sum("Removed_filter_pricey"));
        Assert.Equal(1, _metrics.Sum("Boosted_popular"));
        Assert.Equal(1, _metrics.Sum("Pinned"));
    }

    [Fact]
    public async Task Handle_WithABrandCap_ExplainsWhichCapHeldAnItemBack()
    {
        var rules = new SurfaceRules(new SurfaceRulesSettings { Diversity = [new DiversityCap(ItemAttributes.Brand, 1, 3)] });
        var model = _catalog.Surfaces.Single().Model;
        _catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = model, Rules = rules }]);

        using var response = await HandleAsync(Body.Replace("]}", "],\"explain\":true}", StringComparison.Ordinal));

        // Two levis items: whichever scores lower is held out of the top 3.
        var items = response.RootElement.GetProperty("items").EnumerateArray().ToList();
        var held = Assert.Single(items, i => i.TryGetProperty("rules", out _));
        Assert.Equal(4, held.GetProperty("rank").GetInt32());
        Assert.Equal("brand", held.GetProperty("rules").GetProperty("demotedBy").GetProperty("attribute").GetString());
        Assert.Equal(1, _metrics.Sum("Demoted_brand"));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData(" Application/JSON ")]
    public async Task Handle_WithAJsonMediaType_Accepts(string contentType)
    {
        var response = await Handler().HandleAsync(Request(Body, contentType), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/json-patch+json")]
    public async Task Handle_WithoutAJsonMediaType_Answers415AndCountsIt(string? contentType)
    {
        var response = await Handler().HandleAsync(Request(Body, contentType), CancellationToken.None);

        Assert.Equal(415, response.StatusCode);
        Assert.Equal(1, _metrics.Sum("Rejected_unsupported_media_type"));
        Assert.Equal(0, _metrics.Sum("RankLatency"));
    }

    [Fact]
    public async Task Handle_WithABodyOverTheLimit_Answers413()
    {
        var padded = Body.Replace("\"userId\"", new string(' ', 4096) + "\"userId\"", StringComparison.Ordinal);

        var response = await Handler().HandleAsync(Request(padded), CancellationToken.None);
        var cutShort = await Handler().HandleAsync(new ApiRequest { Method = "POST", Path = "/v1/rank", ContentType = "application/json", BodyTooLarge = true, RequestId = "r-2" }, CancellationToken.None);

        Assert.Equal(413, response.StatusCode);
        Assert.Equal(413, cutShort.StatusCode);
        Assert.Equal(2, _metrics.Sum("Rejected_body_too_large"));
    }

    [Fact]
    public async Task Handle_WithABodyThatIsNotJson_Answers400()
    {
        var response = await Handler().HandleAsync(Request("{\"surface\":"), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(1, _metrics.Sum("Rejected_invalid_json"));
    }

    [Fact]
    public async Task Handle_WithAnUnknownSurface_Answers404NamingTheConfiguredOnes()
    {
        var response = await Handler().HandleAsync(Request(Body.Replace("\"feed\"", "\"home\"", StringComparison.Ordinal)), CancellationToken.None);

        Assert.Equal(404, response.StatusCode);
        using var error = JsonDocument.Parse(response.Body);
        Assert.Contains("surface 'home' is not configured (configured: feed)", error.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenTheStoresFail_RanksWithDefaultsAndCountsEachFailure()
    {
        _store.Failure = new InvalidOperationException("the table is gone");

        using var response = await HandleAsync(Body);

        Assert.Equal("feed-ltr", response.RootElement.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(4, response.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(2, _metrics.Sum("StoreFailures"));
        Assert.Equal(4, _metrics.Sum("MissingItems"));
    }

    [Fact]
    public async Task Handle_WhenTheStoresOutliveTheDeadline_AnswersInRequestOrder()
    {
        _store.Stalled = true;
        var options = new RankingOptions { Deadline = TimeSpan.FromMilliseconds(50) };

        var response = await Handler(options: options).HandleAsync(Request(Body), CancellationToken.None);

        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal(FallbackReason.Deadline, json.RootElement.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Equal(s_candidates, json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal(2, _metrics.Sum("StoreFailures"));
    }

    [Theory]
    [InlineData(0.0, 0.0, false)]
    [InlineData(1.0, 0.9999999999, true)]
    [InlineData(0.25, 0.2499, true)]
    [InlineData(0.25, 0.25, false)]
    public async Task Handle_WithAShadow_ComparesWhenTheDrawFallsBelowTheFraction(double fraction, double draw, bool compared)
    {
        _catalog.SetShadow("feed", new Shadow(await SampleModels.LoadAsync("search-ltr"), fraction));
        var draws = 0;

        using var response = await HandleAsync(Body, () =>
        {
            draws++;
            return draw;
        });

        Assert.Equal(1, draws);
        Assert.Equal(compared ? 1 : 0, _metrics.Recorded("ShadowRankCorrelation"));
        Assert.Equal(0, _metrics.Sum("ShadowFailures"));
        Assert.Equal("feed-ltr", response.RootElement.GetProperty("model").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Handle_WithAShadowCompared_AnswersWhatTheLiveModelAloneAnswers()
    {
        using var alone = await HandleAsync(Body);
        _catalog.SetShadow("feed", new Shadow(await SampleModels.LoadAsync("search-ltr"), 1));

        using var shadowed = await HandleAsync(Body);

        Assert.Equal(1, _metrics.Recorded("ShadowRankCorrelation"));
        Assert.Equal(alone.RootElement.GetProperty("items").GetRawText(), shadowed.RootElement.GetProperty("items").GetRawText());
    }

    [Fact]
    public async Task Handle_WithAShadowButNoLiveModel_FallsBackWithoutDrawing()
    {
        _catalog.Dispose();
        _catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });
        _catalog.SetShadow("feed", new Shadow(await SampleModels.LoadAsync("search-ltr"), 1));

        using var response = await HandleAsync(Body, () => throw new InvalidOperationException("nothing to compare: no draw"));

        Assert.Equal(FallbackReason.ModelUnavailable, response.RootElement.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Equal(0, _metrics.Recorded("ShadowRankCorrelation"));
    }

    /// <summary>Each candidate's <c>item_age_days</c> as the response explains it, in candidate order.</summary>
    private static double[] AgesById(JsonDocument response)
    {
        return [.. response.RootElement.GetProperty("items").EnumerateArray()
            .OrderBy(i => i.GetProperty("itemId").GetString(), StringComparer.Ordinal)
            .Select(i => Math.Round(i.GetProperty("features").GetProperty("item_age_days").GetDouble(), 3))];
    }

    private RankHandler Handler(Func<double>? randomizer = null, RankingOptions? options = null) =>
        new(_catalog, _store, _store, options ?? new RankingOptions { MaxBodyBytes = 4096 }, new FixedTimeProvider(s_now), randomizer ?? (() => 0.5), _metrics.Instruments);

    private async Task<JsonDocument> HandleAsync(string body, Func<double>? randomizer = null)
    {
        var response = await Handler(randomizer).HandleAsync(Request(body), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        return JsonDocument.Parse(response.Body);
    }

    private static ApiRequest Request(string body, string? contentType = "application/json") => new()
    {
        Method = "POST",
        Path = "/v1/rank",
        ContentType = contentType,
        Body = Encoding.UTF8.GetBytes(body),
        RequestId = "r-1",
    };

    /// <summary>Four listings from two sellers and one user; can fail every read, or hold it until the deadline.</summary>
    private sealed class FakeStore : IItemStore, IUserStore
    {
        private readonly Dictionary<string, ItemRecord> _items = new(StringComparer.Ordinal)
        {
            ["i_1"] = new() { ItemId = "i_1", SellerId = "s_1", Title = "levis 501 jeans", Brand = "levis", Price = 40, ListedAt = s_now.AddDays(-3), Numbers = new() { ["likes"] = 3 } },
            ["i_2"] = new() { ItemId = "i_2", SellerId = "s_2", Title = "zara dress", Brand = "zara", Price = 15, ListedAt = s_now.AddDays(-1), Numbers = new() { ["likes"] = 30 } },
            ["i_3"] = new() { ItemId = "i_3", SellerId = "s_1", Title = "levis jacket", Brand = "levis", Price = 80, ListedAt = s_now.AddDays(-20), Numbers = new() { ["likes"] = 1 } },
            ["i_4"] = new() { ItemId = "i_4", SellerId = "s_2", Title = "nike trainers", Brand = "nike", Price = 60, ListedAt = s_now.AddDays(-7), Numbers = new() { ["likes"] = 12 } },
        };

        public Exception? Failure { get; set; }

        public bool Stalled { get; set; }

        public async ValueTask<ItemRecord?[]> GetItemsAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
        {
            await AnswerAsync(cancellationToken);
            return [.. itemIds.Select(id => _items.GetValueOrDefault(id))];
        }

        public async ValueTask<UserRecord?> GetUserAsync(string userId, CancellationToken cancellationToken)
        {
            await AnswerAsync(cancellationToken);
            return new UserRecord { UserId = userId, BrandAffinity = new() { ["levis"] = 1 } };
        }

        private async Task AnswerAsync(CancellationToken cancellationToken)
        {
            if (Stalled)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Failure is { } failure)
            {
                throw failure;
            }
        }
    }
}

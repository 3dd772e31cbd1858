using Ranking.Core.Tests.Rules;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Core.Tests.Explanations;

namespace Ranking.Core.Tests.Ranking;

/// <summary>
/// <c>explain</c> on the shipped feed model: contributions per ranked item that add up to its score; and the rows an
/// observer (the impression log) is shown, which are the values explain gives.
/// </summary>
public sealed class RankerExplainTests
{
    private static readonly ShippedPackage s_feed = ShippedPackage.Read("feed-ltr/1");
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static readonly ItemRecord?[] s_items =
    [
        new ItemRecord { ItemId = "a", SellerId = "s", Brand = "levis", Price = 40, ListedAt = s_now.AddDays(-3), Numbers = new() { ["likes"] = 3 } },
        new ItemRecord { ItemId = "b", SellerId = "s", Brand = "zara", Price = 15, ListedAt = s_now.AddDays(-1), Numbers = new() { ["likes"] = 30 } },
        new ItemRecord { ItemId = "c", SellerId = "s", Brand = "nike", Price = 60, ListedAt = s_now.AddDays(-40) },
        null,
    ];

    [Fact]
    public void Rank_WithExplain_BasePlusContributionsPlusBoostIsEachItemsScore()
    {
        using var model = RankingModel.Create(s_feed.Manifest, s_feed.Onnx, s_feed.TrainerModel, holdout: null);
        var rules = TestRules.Boosts(TestRules.Boost("brand", "zara", 0.25f));

        var result = Rank(model, rules, explain: true);

        Assert.Null(result.Fallback);
        var baseValue = Assert.IsType<double>(result.Explanation!.Base);
        Assert.Null(result.Explanation.Unavailable);
        Assert.True(result.Timings.ExplainMs > 0);
        Assert.Equal(4, result.Items.Count);
        foreach (var item in result.Items)
        {
            var contributions = Assert.IsType<double[]>(item.Contributions);
            Assert.Equal(s_feed.Manifest.Features.Count, contributions.Length);
            Assert.Equal(item.ItemId == "b" ? 0.25f : 0f, item.Boost);
            Assert.Equal(item.Score, baseValue + contributions.Sum() + item.Boost, 1e-4);
        }
    }

    [Fact]
    public void Rank_WithoutExplain_CarriesNoFeaturesContributionsOrExplanation()
    {
        using var model = RankingModel.Create(s_feed.Manifest, s_feed.Onnx, s_feed.TrainerModel, holdout: null);

        var result = Rank(model, TestRules.Plain, explain: false);

        Assert.Null(result.Explanation);
        Assert.Equal(0, result.Timings.ExplainMs);
        Assert.All(result.Items, item => Assert.Null(item.Features));
        Assert.All(result.Items, item => Assert.Null(item.Contributions));
    }

    [Fact]
    public void Rank_WithExplainAndNoCovers_KeepsFeatureValuesAndSaysWhyThereAreNoContributions()
    {
        using var model = RankingModel.Create(s_feed.Manifest, s_feed.Onnx);

        var result = Rank(model, TestRules.Plain, explain: true);

        Assert.Null(result.Fallback);
        Assert.Null(result.Explanation!.Base);
        Assert.Contains("neither lightgbm.txt nor holdout rows", result.Explanation.Unavailable, StringComparison.Ordinal);
        Assert.All(result.Items, item => Assert.NotNull(item.Features));
        Assert.All(result.Items, item => Assert.Null(item.Contributions));
    }

    [Fact]
    public void Rank_WithExplainOnTheFallback_HasNoExplanation()
    {
        var result = Rank(model: null, TestRules.Plain, explain: true);

        Assert.Equal(FallbackReason.ModelUnavailable, result.Fallback);
        Assert.Null(result.Explanation);
    }

    [Fact]
    public void Rank_WithAnObserver_ShowsEachReturnedItemsRowAsExplainGivesIt()
    {
        using var model = RankingModel.Create(s_feed.Manifest, s_feed.Onnx, s_feed.TrainerModel, holdout: null);
        var observer = new CopyingObserver();

        var result = Rank(model, TestRules.Plain, explain: true, limit: 3, observer);

        Assert.Same(result, observer.Result);
        Assert.Equal(3, observer.Rows.Count);
        for (var r = 0; r < result.Items.Count; r++)
        {
            Assert.Equal(result.Items[r].Features, observer.Rows[r]);
        }
    }

    [Fact]
    public void Rank_WithAnObserverAndNoModel_ShowsAnEmptyRowForEveryReturnedItem()
    {
        var observer = new CopyingObserver();

        Rank(model: null, TestRules.Plain, explain: false, limit: null, observer);

        Assert.Equal(4, observer.Rows.Count);
        Assert.All(observer.Rows, row => Assert.Empty(row));
    }

    private static RankResult Rank(RankingModel? model, SurfaceRules rules, bool explain, int? limit = null, IRankingObserver? observer = null)
    {
        var candidates = new[] { new Candidate("a"), new Candidate("b"), new Candidate("c"), new Candidate("ghost") };
        var input = new RankInput { Context = new FeatureContext { Now = s_now }, Candidates = candidates, Items = s_items, Explain = explain, Limit = limit };
        return Ranker.Rank(input, model, rules, default, observer);
    }

    /// <summary>Copies what it is shown: the rows are a view the ranker takes back when the call returns.</summary>
    private sealed class CopyingObserver : IRankingObserver
    {
        public RankResult? Result { get; private set; }

        public List<float[]> Rows { get; } = [];

        public void Observe(RankResult result, RankedRows rows)
        {
            Result = result;
            for (var r = 0; r < rows.Count; r++)
            {
                Rows.Add(rows[r].ToArray());
            }
        }
    }
}

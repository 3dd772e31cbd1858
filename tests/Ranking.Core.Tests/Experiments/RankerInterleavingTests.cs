using Ranking.Core.Tests.Rules;
using Ranking.Core.Data;
using Ranking.Core.Experiments;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Core.Scoring;

namespace Ranking.Core.Tests.Experiments;

/// <summary>Two models on one candidate feature <c>f</c>: A scores f, B scores -f, so their rankings are each other's reverse.</summary>
public sealed class RankerInterleavingTests : IDisposable
{
    private readonly RankingModel _a = Model("a", "f", f => f);
    private readonly RankingModel _b = Model("b", "f", f => -f);

    private static RankingModel Model(string name, string feature, Func<float, float> score) => RankingModel.Create(
        new ModelManifest
        {
            Name = name,
            Version = "1",
            Features = [new FeatureSpec { Name = feature, Source = FeatureSource.Candidate, Field = feature }],
            Onnx = new OnnxInfo { Input = "x", Output = "y", Sha256 = "" },
        },
        new ColumnScorer(score));

    private static RankInput Input(int n, int? limit = null, bool explain = false) => new()
    {
        Context = new FeatureContext(),
        Candidates = [.. Enumerable.Range(0, n).Select(i => new Candidate($"i{i}", new Dictionary<string, double> { ["f"] = i }))],
        Items = [.. Enumerable.Range(0, n).Select(i => (ItemRecord?)new ItemRecord { ItemId = $"i{i}", SellerId = $"s{i}" })],
        Limit = limit,
        Explain = explain,
    };

    private Interleaving Pair(ulong seed = 1, RankingModel? b = null) => new(b ?? _b, "control", "treatment", seed);

    [Fact]
    public void Interleaved_IsAPermutationWithTeams_AndEachScoreIsItsTeamsModels()
    {
        var result = Ranker.Rank(Input(40), _a, TestRules.Plain, interleaving: Pair());

        Assert.Null(result.Fallback);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"i{i}").Order(), result.Items.Select(i => i.ItemId).Order());
        Assert.All(result.Items, item =>
        {
            var f = int.Parse(item.ItemId[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(item.Team == "control" ? f : -f, item.Score);
        });
        // A's best (i39) and B's best (i0) open the list, in the coin's order.
        Assert.Equal(["i0", "i39"], result.Items.Take(2).Select(i => i.ItemId).Order());
        Assert.Equal(20, result.Items.Count(i => i.Team == "control"));
    }

    [Fact]
    public void Interleaved_WithALimit_TakesTheMergesPrefix_BalancedBetweenTeams()
    {
        var result = Ranker.Rank(Input(50, limit: 10), _a, TestRules.Plain, interleaving: Pair(seed: 9));

        Assert.Equal(10, result.Items.Count);
        Assert.Equal(5, result.Items.Count(i => i.Team == "treatment"));
        Assert.Equal(["i0", "i1", "i2", "i3", "i4", "i45", "i46", "i47", "i48", "i49"], result.Items.Select(i => i.ItemId).Order());
    }

    [Fact]
    public void Interleaved_OfTwoEqualModels_OpensWithEachTeamHalfTheTime_AndTheTagNamesThatTeam()
    {
        // With identical rankings the first item is always the first picker's: over request ids hashed as serve hashes
        // them, each team must open about half the lists (4,000 draws: 3 sigma is 95), and the experiment tag, which
        // ExperimentAssignment's coin names, must name the team that did.
        using var same = Model("a-again", "f", f => f);
        var opened = 0;
        for (var i = 0; i < 4000; i++)
        {
            var seed = ExperimentAssignment.Hash("salt", Guid.NewGuid().ToString("N"));
            var top = Ranker.Rank(Input(10), _a, TestRules.Plain, interleaving: Pair(seed, same)).Items[0];
            var tagged = TeamDraft.FirstPick(seed) == TeamDraft.TeamA ? "control" : "treatment";
            Assert.Equal(tagged, top.Team);
            opened += top.Team == "control" ? 1 : 0;
        }

        Assert.InRange(opened, 2000 - 95, 2000 + 95);
    }

    [Fact]
    public void Interleaved_IsDeterministicForASeed()
    {
        var rules = TestRules.Plain;
        var first = Ranker.Rank(Input(30), _a, rules, interleaving: Pair(seed: 77)).Items.Select(i => (i.ItemId, i.Team));
        var again = Ranker.Rank(Input(30), _a, rules, interleaving: Pair(seed: 77)).Items.Select(i => (i.ItemId, i.Team));

        Assert.Equal(first, again);
    }

    [Fact]
    public void Interleaved_WhenTheSecondModelFails_FallsBackToInputOrderWithoutTeams()
    {
        using var broken = Model("broken", "f", _ => float.NaN);

        var result = Ranker.Rank(Input(5), _a, TestRules.Plain, interleaving: Pair(b: broken));

        Assert.Equal(FallbackReason.ScoringFailed, result.Fallback);
        Assert.Equal(["i0", "i1", "i2", "i3", "i4"], result.Items.Select(i => i.ItemId));
        Assert.All(result.Items, i => Assert.Null(i.Team));
    }

    [Fact]
    public void Interleaved_ModelsWithOtherFeatures_AreRefused()
    {
        using var other = Model("other", "g", f => f);

        var error = Assert.Throws<ArgumentException>(() => Ranker.Rank(Input(3), _a, SurfaceRules.Default, interleaving: Pair(b: other)));

        Assert.StartsWith("other/1 takes other features than a/1: they cannot be interleaved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interleaved_WithExplain_GivesFeaturesButSaysWhyNoContributions()
    {
        var result = Ranker.Rank(Input(4, explain: true), _a, TestRules.Plain, interleaving: Pair());

        Assert.StartsWith("the ranking interleaves two models' rankings", result.Explanation!.Unavailable, StringComparison.Ordinal);
        Assert.All(result.Items, i => Assert.NotNull(i.Features));
        Assert.All(result.Items, i => Assert.Null(i.Contributions));
    }

    [Fact]
    public void NotInterleaved_ItemsHaveNoTeam()
    {
        Assert.All(Ranker.Rank(Input(4), _a, SurfaceRules.Default).Items, i => Assert.Null(i.Team));
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private sealed class ColumnScorer(Func<float, float> score) : IScorer
    {
        public int FeatureCount => 1;

        public void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores)
        {
            for (var r = 0; r < rows; r++)
            {
                scores[r] = score(matrix[r]);
            }
        }

        public void Dispose()
        {
        }
    }
}

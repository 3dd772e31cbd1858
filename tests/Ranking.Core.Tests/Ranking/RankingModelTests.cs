using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Ranking;

/// <summary>The scorer seam: a model runs whatever <see cref="IScorer"/> it is built around, and owns it.</summary>
public sealed class RankingModelTests
{
    private static readonly ModelManifest s_manifest = JsonSerializer.Deserialize(
        File.ReadAllBytes(Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1", "manifest.json")), CoreJsonContext.Default.ModelManifest)!;

    [Fact]
    public void Create_ATreeEnsemble_IsServedByTheNativeScorer_WithOnnxRuntimesScores()
    {
        var package = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");
        var onnx = File.ReadAllBytes(Path.Combine(package, "model.onnx"));
        var holdout = Holdout.Parse(File.ReadAllBytes(Path.Combine(package, "holdout.jsonl")), "holdout.jsonl");
        using var reference = OnnxScorer.Load(onnx, s_manifest.Onnx.Input, s_manifest.Onnx.Output, s_manifest.Features.Count);
        var expected = new float[holdout.Rows];
        var actual = new float[holdout.Rows];
        reference.Score(holdout.Features, holdout.Rows, expected);

        using var model = RankingModel.Create(s_manifest, onnx);
        model.Scorer.Score(holdout.Features, holdout.Rows, actual);

        Assert.IsType<TreeEnsembleScorer>(model.Scorer);
        Assert.Null(model.NativeRefusal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Rank_WithAFakeScorer_OrdersByItsScores()
    {
        // Scores rise with the row, so the last candidate in comes first out.
        using var model = RankingModel.Create(s_manifest, new FakeScorer(s_manifest.Features.Count, row => row));

        var result = Rank(model, "a", "b", "c", "d");

        Assert.Null(result.Fallback);
        Assert.Equal(["d", "c", "b", "a"], result.Items.Select(i => i.ItemId));
        Assert.Equal([3f, 2f, 1f, 0f], result.Items.Select(i => i.Score));
    }

    [Fact]
    public void Rank_WhenTheScorerThrows_FallsBackToInputOrderAsScoringFailed()
    {
        using var model = RankingModel.Create(s_manifest, new FakeScorer(s_manifest.Features.Count, _ => throw new InvalidOperationException("broken")));

        var result = Rank(model, "a", "b", "c");

        Assert.Equal(FallbackReason.ScoringFailed, result.Fallback);
        Assert.Equal(["a", "b", "c"], result.Items.Select(i => i.ItemId));
    }

    [Fact]
    public void Create_WithAScorerOfAnotherWidth_Throws_AndLeavesTheScorerToTheCaller()
    {
        using var scorer = new FakeScorer(s_manifest.Features.Count + 1, row => row);

        var error = Assert.Throws<InvalidDataException>(() => RankingModel.Create(s_manifest, scorer));

        Assert.Contains($"takes {s_manifest.Features.Count + 1} features, the manifest declares {s_manifest.Features.Count}", error.Message, StringComparison.Ordinal);
        Assert.False(scorer.Disposed);
    }

    [Fact]
    public void Dispose_DisposesTheScorerItOwns()
    {
        var scorer = new FakeScorer(s_manifest.Features.Count, row => row);

        RankingModel.Create(s_manifest, scorer).Dispose();

        Assert.True(scorer.Disposed);
    }

    private static RankResult Rank(RankingModel model, params string[] ids)
    {
        var input = new RankInput
        {
            Context = new FeatureContext(),
            Candidates = [.. ids.Select(id => new Candidate(id))],
            Items = [.. ids.Select(id => (ItemRecord?)new ItemRecord { ItemId = id, SellerId = "s_" + id })],
        };
        return Ranker.Rank(input, model, new SurfaceRules { MaxPerSeller = 0 });
    }

    /// <summary>Scores each row by its index through <c>score</c>; checks it is handed a whole batch of the right width.</summary>
    private sealed class FakeScorer(int featureCount, Func<int, float> score) : IScorer
    {
        public int FeatureCount { get; } = featureCount;

        public bool Disposed { get; private set; }

        public void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores)
        {
            Assert.True(matrix.Length >= rows * FeatureCount);
            for (var row = 0; row < rows; row++)
            {
                scores[row] = score(row);
            }
        }

        public void Dispose() => Disposed = true;
    }
}

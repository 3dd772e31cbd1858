using System.Security.Cryptography;
using System.Text.Json;
using Ranking.Core.Tests.Rules;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;
using Ranking.Core.Tests.Scoring.Trees;
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
    public void Create_ATreeEnsembleWithoutOnnxRuntime_IsServedByTheNativeScorer()
    {
        // The native scorer needs nothing from ONNX Runtime, shape checks included: a trees-only build serves it.
        var onnx = File.ReadAllBytes(Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1", "model.onnx"));

        using var model = RankingModel.Create(s_manifest, onnx, onnxRuntime: false);

        Assert.IsType<TreeEnsembleScorer>(model.Scorer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Create_AManifestWithMoreFeaturesThanTheModelTakes_ThrowsNamingBoth(bool onnxRuntime)
    {
        var onnx = File.ReadAllBytes(Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1", "model.onnx"));
        var extra = s_manifest.Features[^1];
        var wider = new ModelManifest
        {
            Name = s_manifest.Name,
            Version = s_manifest.Version,
            Features = [.. s_manifest.Features, new FeatureSpec { Name = extra.Name + "_again", Source = extra.Source, Field = extra.Field, Value = extra.Value, Default = extra.Default, Transform = extra.Transform }],
            Onnx = s_manifest.Onnx,
        };

        var error = Assert.Throws<InvalidDataException>(() => RankingModel.Create(wider, onnx, onnxRuntime));

        Assert.Contains($"takes {s_manifest.Features.Count} features but the manifest declares {s_manifest.Features.Count + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AModelTheNativeScorerRefuses_IsServedByOnnxRuntime_SayingWhy()
    {
        var (manifest, onnx) = LogisticModel();

        using var model = RankingModel.Create(manifest, onnx, onnxRuntime: true);

        Assert.IsType<OnnxScorer>(model.Scorer);
        Assert.Contains("post_transform LOGISTIC", model.NativeRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithoutOnnxRuntime_AModelTheNativeScorerRefuses_ThrowsNamingTheModelAndTheReason()
    {
        var (manifest, onnx) = LogisticModel();

        var error = Assert.Throws<InvalidDataException>(() => RankingModel.Create(manifest, onnx, onnxRuntime: false));

        Assert.StartsWith("logistic/1: this deployment serves tree ensembles only", error.Message, StringComparison.Ordinal);
        Assert.Contains("the native scorer refuses this model: aggregate_function SUM and post_transform LOGISTIC", error.Message, StringComparison.Ordinal);
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

    /// <summary>A valid tree model the native scorer does not reproduce (a LOGISTIC post transform), on the sample's features.</summary>
    internal static (ModelManifest Manifest, byte[] Onnx) LogisticModel()
    {
        var builder = new OnnxEnsembleBuilder(s_manifest.Features.Count) { PostTransform = "LOGISTIC" };
        builder.Split(0, 0, 0, "BRANCH_LEQ", 0.5f, 1, 2, missingTrue: true);
        builder.Leaf(0, 1, 1f);
        builder.Leaf(0, 2, 2f);
        var onnx = builder.Build();
        var manifest = new ModelManifest
        {
            Name = "logistic",
            Version = "1",
            Features = s_manifest.Features,
            Onnx = new OnnxInfo { Input = OnnxEnsembleBuilder.Input, Output = OnnxEnsembleBuilder.Output, Sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx)) },
        };
        return (manifest, onnx);
    }

    private static RankResult Rank(RankingModel model, params string[] ids)
    {
        var input = new RankInput
        {
            Context = new FeatureContext(),
            Candidates = [.. ids.Select(id => new Candidate(id))],
            Items = [.. ids.Select(id => (ItemRecord?)new ItemRecord { ItemId = id, SellerId = "s_" + id })],
        };
        return Ranker.Rank(input, model, TestRules.Plain);
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

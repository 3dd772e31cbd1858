using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>
/// The native scorer against ONNX Runtime (<see cref="OnnxScorer"/>, one thread) on the same rows: the shipped
/// packages' holdouts, the same with NaNs, and third-party-shaped ensembles using every branch mode.
/// </summary>
public sealed class TreeEnsembleScorerTests
{
    public static TheoryData<string> Packages => ["feed-ltr", "search-ltr"];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Score_AShippedModelsHoldout_GivesOnnxRuntimesScores(string package)
    {
        var (manifest, onnx, holdout) = LoadPackage(package);

        var diff = MaxDiff(onnx, manifest.Onnx.Input, manifest.Onnx.Output, manifest.Features.Count, holdout.Features, holdout.Rows);

        Assert.True(diff == 0, $"{package}: max |native - onnx| = {diff}");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Score_AShippedModelsHoldoutWithNaNs_GivesOnnxRuntimesScores(string package)
    {
        var (manifest, onnx, holdout) = LoadPackage(package);
        var features = (float[])holdout.Features.Clone();
        var random = new Random(11);
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = random.NextDouble() < 0.1 ? float.NaN : features[i];
        }

        var diff = MaxDiff(onnx, manifest.Onnx.Input, manifest.Onnx.Output, manifest.Features.Count, features, holdout.Rows);

        Assert.True(diff == 0, $"{package} with NaNs: max |native - onnx| = {diff}");
    }

    [Theory]
    [InlineData(1, "all")]
    [InlineData(2, "all")]
    [InlineData(3, "all")]
    [InlineData(4, "BRANCH_LT")]
    [InlineData(5, "BRANCH_GTE")]
    [InlineData(6, "BRANCH_GT")]
    [InlineData(7, "BRANCH_EQ")]
    [InlineData(8, "BRANCH_NEQ")]
    [InlineData(9, "BRANCH_LEQ")]
    public void Score_AThirdPartyEnsemble_GivesOnnxRuntimesScores(int seed, string modes)
    {
        // One mode throughout takes ONNX Runtime's same_mode_ path; mixed modes take its per-node switch.
        var builder = RandomEnsemble.Create(seed, trees: 60, leaves: 12, features: 7, modes == "all" ? RandomEnsemble.Modes : [modes]);
        var rows = 1003;

        var diff = MaxDiff(builder.Build(), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7, RandomEnsemble.Inputs(seed, rows, 7), rows);

        Assert.True(diff == 0, $"seed {seed}, {modes}: max |native - onnx| = {diff}");
    }

    [Theory]
    [InlineData(31, 40)]
    [InlineData(32, 40)]
    [InlineData(33, 40)]
    [InlineData(64, 40)]
    [InlineData(33, 600)]
    public void Score_TreesAroundABitvectorByte_GiveOnnxRuntimesScores(int leaves, int trees)
    {
        // Trees keep a bitvector byte per eight leaves: both sides of the boundary where a fifth byte starts, and the
        // largest tree the layout takes; 600 trees of five bytes, a block buffer larger than the others'. 1003 rows:
        // 31 blocks of 32 and a last block of eleven, so full and partly filled blocks meet every shape. (The 128-bit
        // scan takes these trees on any host; MaxDiff runs the 256-bit one too where AVX2 runs.)
        var onnx = RandomEnsemble.Create(leaves, trees, leaves, features: 7, ["BRANCH_LEQ"]).Build();
        var rows = 1003;
        Assert.True(TreeEnsembleScorer.TryCreate(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7, TreeLayout.Bitvector128, out var bitvectors, out var reason), reason);
        bitvectors.Dispose();

        var diff = MaxDiff(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7, RandomEnsemble.Inputs(leaves, rows, 7), rows);

        Assert.True(diff == 0, $"{trees} trees of {leaves} leaves: max |native - onnx| = {diff}");
    }

    [Fact]
    public void Score_WritesOnlyTheFirstRowsScores_AndLeavesTheRestOfTheCallersBuffer()
    {
        var builder = RandomEnsemble.Create(1, trees: 5, leaves: 4, features: 3, RandomEnsemble.Modes);
        Assert.True(TreeEnsembleScorer.TryCreate(builder.Build(), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 3, out var scorer, out var reason), reason);
        var scores = Enumerable.Repeat(float.MinValue, 40).ToArray();

        scorer.Score(RandomEnsemble.Inputs(1, 20, 3), 19, scores);

        Assert.All(scores[..19], s => Assert.NotEqual(float.MinValue, s));
        Assert.All(scores[19..], s => Assert.Equal(float.MinValue, s));
    }

    [Theory]
    [InlineData(0, 10, 10)]
    [InlineData(10, 9, 10)]
    [InlineData(10, 10, 9)]
    public void Score_WithBuffersThatDoNotFit_Throws(int rows, int matrixRows, int scoreRows)
    {
        var builder = RandomEnsemble.Create(1, trees: 2, leaves: 3, features: 3, RandomEnsemble.Modes);
        Assert.True(TreeEnsembleScorer.TryCreate(builder.Build(), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 3, out var scorer, out var reason), reason);

        Assert.ThrowsAny<ArgumentException>(() => scorer.Score(new float[matrixRows * 3], rows, new float[scoreRows]));
    }

    [Fact]
    public void Score_TreesOfMoreThan64Leaves_KeepTheBlockedLayout_AndStayExact()
    {
        var onnx = RandomEnsemble.Create(12, trees: 5, leaves: 80, features: 7, RandomEnsemble.Modes).Build();
        var rows = 1003;
        var features = RandomEnsemble.Inputs(12, rows, 7);

        Assert.False(TreeEnsembleScorer.TryCreate(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7, TreeLayout.Bitvector128, out _, out var reason));
        Assert.Contains("more than 64 leaves", reason, StringComparison.Ordinal);
        using var reference = OnnxScorer.Load(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7);
        Assert.True(TreeEnsembleScorer.TryCreate(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7, out var native, out reason), reason);
        using (native)
        {
            var expected = new float[rows];
            var actual = new float[rows];
            reference.Score(features, rows, expected);
            native.Score(features, rows, actual);
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>The worst difference from ONNX Runtime over every layout, each forced in turn (where it applies).</summary>
    internal static float MaxDiff(byte[] onnx, string input, string output, int width, float[] features, int rows)
    {
        using var reference = OnnxScorer.Load(onnx, input, output, width);
        var expected = new float[rows];
        reference.Score(features, rows, expected);
        Assert.True(expected.Distinct().Count() > 5, "a model that scores every row alike is not exercising the trees");
        var worst = 0f;
        foreach (var layout in Enum.GetValues<TreeLayout>())
        {
            if (!TreeEnsembleScorer.TryCreate(onnx, input, output, width, layout, out var native, out var reason))
            {
                // The refusals allowed: == and != splits become two nodes sharing a subtree, and unrolled for the
                // bitvectors a tree of them can outgrow 64 leaves (the blocked layout serves it); and the 256-bit scan
                // on a host without AVX2.
                Assert.NotEqual(TreeLayout.Blocked, layout);
                Assert.True(
                    reason.Contains("more than 64 leaves", StringComparison.Ordinal) || (!Avx2.IsSupported && reason.Contains("needs AVX2", StringComparison.Ordinal)),
                    reason);
                continue;
            }

            using (native)
            {
                var actual = new float[rows];
                native.Score(features, rows, actual);
                for (var i = 0; i < rows; i++)
                {
                    var diff = expected[i] == actual[i] || float.IsNaN(expected[i]) && float.IsNaN(actual[i]) ? 0 : Math.Abs(expected[i] - actual[i]);
                    worst = float.IsNaN(diff) ? float.PositiveInfinity : Math.Max(worst, diff);
                }
            }
        }

        return worst;
    }

    private static (ModelManifest Manifest, byte[] Onnx, Holdout Holdout) LoadPackage(string package)
    {
        var dir = Path.Combine(RepoRoot.Find(), "samples", "models", package, "1");
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(dir, "manifest.json")), CoreJsonContext.Default.ModelManifest)!;
        var holdout = Holdout.Parse(File.ReadAllBytes(Path.Combine(dir, "holdout.jsonl")), "holdout.jsonl");
        return (manifest, File.ReadAllBytes(Path.Combine(dir, manifest.Onnx.File)), holdout);
    }
}

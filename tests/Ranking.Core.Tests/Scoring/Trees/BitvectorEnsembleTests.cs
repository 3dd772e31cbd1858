using System.Runtime.Intrinsics.X86;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>
/// The bitvector scan at each block width, forced: blocks of 32 (on a host with AVX2), full and partly filled, and
/// one-document scoring (what a host without AVX2 runs), against ONNX Runtime.
/// </summary>
public sealed class BitvectorEnsembleTests
{
    public static TheoryData<int> Widths => Avx2.IsSupported ? [1, BitvectorEnsemble.Block] : [1];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Score_AtEachBlockWidth_GivesOnnxRuntimesScores_ForEveryRowCount(int widest)
    {
        // 8 leaves: one bitvector byte per tree; 31 and 64: four and eight, with splits whose left subtree spans several.
        foreach (var leaves in new[] { 8, 31, 64 })
        {
            var onnx = RandomEnsemble.Create(leaves, trees: 30, leaves, features: 7, ["BRANCH_LEQ", "BRANCH_LT"]).Build();
            var ensemble = Build(onnx, 7);
            using var reference = OnnxScorer.Load(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7);
            foreach (var rows in new[] { 1, 5, 8, 9, 31, 32, 33, 64, 70 })
            {
                var features = RandomEnsemble.Inputs(rows + leaves, rows, 7);
                var expected = new float[rows];
                reference.Score(features, rows, expected);
                // The caller's buffer is longer than the rows: a partly filled block must not write past its rows.
                var actual = Enumerable.Repeat(-7f, rows + 16).ToArray();

                ensemble.Score(features, rows, 7, actual, widest);

                Assert.True(expected.AsSpan().SequenceEqual(actual.AsSpan(0, rows)), $"{leaves} leaves, {rows} rows, blocks of {widest}: the scores differ from ONNX Runtime's");
                Assert.All(actual[rows..], score => Assert.Equal(-7f, score));
            }
        }
    }

    private static BitvectorEnsemble Build(byte[] onnx, int width)
    {
        Assert.True(TreeEnsembleReader.TryRead(OnnxGraph.Parse(onnx), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, width, out var definition, out var reason), reason);
        Assert.True(BlockedEnsemble.TryBuild(definition, out var blocked, out reason), reason);
        Assert.True(BitvectorEnsemble.TryBuild(blocked, width, out var ensemble, out reason), reason);
        return ensemble;
    }
}

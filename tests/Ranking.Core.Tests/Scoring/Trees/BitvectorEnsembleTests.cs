using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>
/// The bitvector scan at each block width, forced, so a host without 512-bit (or 256-bit) vectors still checks every
/// path: full blocks, a last block its rows only partly fill, and one-document scoring, against ONNX Runtime.
/// </summary>
public sealed class BitvectorEnsembleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(16)]
    public void Score_AtEachBlockWidth_GivesOnnxRuntimesScores_ForEveryRowCount(int widest)
    {
        // 31 leaves: one mask plane per tree; 64: two, with splits whose left subtree spans both.
        foreach (var leaves in new[] { 31, 64 })
        {
            var onnx = RandomEnsemble.Create(leaves, trees: 30, leaves, features: 7, ["BRANCH_LEQ", "BRANCH_LT"]).Build();
            var ensemble = Build(onnx, 7);
            using var reference = OnnxScorer.Load(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7);
            foreach (var rows in new[] { 1, 5, 8, 9, 16, 17, 24, 40 })
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

using System.Diagnostics.CodeAnalysis;
using System.Runtime.Intrinsics.X86;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>
/// The bitvector scan's blocks of 32, full and partly filled, in 256-bit and 128-bit vectors, against ONNX Runtime; on
/// a host without AVX2, the 256-bit scan's refusal (the scorer's rule then takes the 128-bit one).
/// </summary>
public sealed class BitvectorEnsembleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Score_InBlocksOf32_GivesOnnxRuntimesScores_ForEveryRowCount(bool wide)
    {
        // 8 leaves: one bitvector byte per tree; 31 and 64: four and eight, with splits whose left subtree spans several.
        foreach (var leaves in new[] { 8, 31, 64 })
        {
            var onnx = RandomEnsemble.Create(leaves, trees: 30, leaves, features: 7, ["BRANCH_LEQ", "BRANCH_LT"]).Build();
            if (!TryBuild(onnx, 7, wide, out var ensemble, out var reason))
            {
                Assert.True(wide && !Avx2.IsSupported, reason);
                Assert.Contains("needs AVX2", reason, StringComparison.Ordinal);
                continue;
            }

            Assert.Equal(wide, ensemble.Wide);
            using var reference = OnnxScorer.Load(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 7);
            foreach (var rows in new[] { 1, 5, 8, 9, 15, 16, 17, 31, 32, 33, 64, 70 })
            {
                var features = RandomEnsemble.Inputs(rows + leaves, rows, 7);
                var expected = new float[rows];
                reference.Score(features, rows, expected);
                // The caller's buffer is longer than the rows: a partly filled block must not write past its rows.
                var actual = Enumerable.Repeat(-7f, rows + 16).ToArray();

                ensemble.Score(features, rows, 7, actual);

                Assert.True(expected.AsSpan().SequenceEqual(actual.AsSpan(0, rows)), $"{leaves} leaves, {rows} rows: the scores differ from ONNX Runtime's");
                Assert.All(actual[rows..], score => Assert.Equal(-7f, score));
            }
        }
    }

    private static bool TryBuild(byte[] onnx, int width, bool wide, [NotNullWhen(true)] out BitvectorEnsemble? ensemble, [NotNullWhen(false)] out string? reason)
    {
        Assert.True(TreeEnsembleReader.TryRead(OnnxGraph.Parse(onnx), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, width, out var definition, out reason), reason);
        Assert.True(BlockedEnsemble.TryBuild(definition, out var blocked, out reason), reason);
        return BitvectorEnsemble.TryBuild(blocked, width, wide, out ensemble, out reason);
    }
}

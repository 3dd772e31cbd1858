using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Explanations;

/// <summary>
/// How many training rows reached each node of the ONNX trees: the weights path-dependent TreeSHAP gives the branch
/// a row does not take. ONNX <c>TreeEnsembleRegressor</c> carries none, so they come from the trainer's model or
/// from rows passed through the trees.
/// </summary>
internal static class TreeCovers
{
    /// <summary>
    /// LightGBM's counts, matched to the ONNX trees node by node: the same trees in the same order, each walked in
    /// pre-order with the <c>&lt;=</c> side first, the same split features and the same float32 leaf values. Anything
    /// else is another model, and its counts would explain the wrong trees.
    /// </summary>
    public static bool TryFromLightGbm(
        TreeEnsembleDefinition definition,
        LightGbmModelText model,
        [NotNullWhen(true)] out double[][]? covers,
        [NotNullWhen(false)] out string? reason)
    {
        covers = null;
        if (model.Trees.Count != definition.Trees.Length)
        {
            reason = Text($"lightgbm.txt has {model.Trees.Count} trees, the ONNX model {definition.Trees.Length}");
            return false;
        }

        var matched = new double[definition.Trees.Length][];
        for (var t = 0; t < matched.Length; t++)
        {
            var tree = definition.Trees[t];
            var lightGbm = model.Trees[t];
            matched[t] = new double[tree.Length];
            var root = lightGbm.Splits == 0 ? ~0 : 0;
            if (!Match(tree, 0, lightGbm, root, matched[t]))
            {
                reason = Text($"tree {t} of lightgbm.txt does not match the ONNX model's tree {t} (another split feature, leaf value or shape)");
                return false;
            }
        }

        covers = matched;
        reason = null;
        return true;
    }

    /// <summary>Counts, per node, the rows of <paramref name="rows"/> (row-major, <paramref name="width"/> wide) that reach it.</summary>
    public static double[][] FromRows(TreeEnsembleDefinition definition, ReadOnlySpan<float> rows, int width)
    {
        var covers = new double[definition.Trees.Length][];
        for (var t = 0; t < covers.Length; t++)
        {
            var tree = definition.Trees[t];
            var counts = covers[t] = new double[tree.Length];
            for (var start = 0; start + width <= rows.Length; start += width)
            {
                var row = rows.Slice(start, width);
                var at = 0;
                counts[0]++;
                while (!tree[at].IsLeaf)
                {
                    at = tree[at].Next(row[tree[at].Feature]);
                    counts[at]++;
                }
            }
        }

        return covers;
    }

    private static bool Match(DecisionNode[] tree, int at, LightGbmTree lightGbm, int node, double[] covers)
    {
        var onnx = tree[at];
        if (node < 0)
        {
            var leaf = ~node;
            covers[at] = lightGbm.LeafCount[leaf];
            return onnx.IsLeaf && onnx.Value == (float)lightGbm.LeafValue[leaf];
        }

        if (onnx.IsLeaf || onnx.Feature != lightGbm.SplitFeature[node])
        {
            return false;
        }

        // LightGBM's left child is x <= threshold: the true child of a <= or < node, the false child of >= or >.
        var (left, right) = onnx.Mode switch
        {
            BranchMode.Leq or BranchMode.Lt => (onnx.True, onnx.False),
            BranchMode.Gte or BranchMode.Gt => (onnx.False, onnx.True),
            _ => (-1, -1),
        };
        covers[at] = lightGbm.InternalCount[node];
        return left >= 0
            && Match(tree, left, lightGbm, lightGbm.LeftChild[node], covers)
            && Match(tree, right, lightGbm, lightGbm.RightChild[node], covers);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using Ranking.Training.Onnx;

namespace Ranking.Benchmarks;

/// <summary>
/// Writes a <see cref="TreeEnsemble"/> as LightGBM's text model (what <c>lightgbm.txt</c> holds), so LightGBM's own
/// predict can score an ensemble LightGBM never trained: the synthetic one, against the ONNX the exporter makes of it.
/// </summary>
/// <remarks>
/// Every split is numerical with NaN as its missing value, going to the node's default side, as the exporter's
/// <c>nodes_missing_value_tracks_true</c> sends it; thresholds and leaves keep their doubles (the exporter rounds
/// thresholds down to float32, which routes float inputs the same way).
/// </remarks>
internal static class LightGbmModelWriter
{
    /// <summary>LightGBM's <c>decision_type</c> bits: default left (2), and missing type NaN (2) in bits 2-3.</summary>
    private const int DefaultLeft = 2;
    private const int MissingNaN = 2 << 2;

    public static string Write(TreeEnsemble ensemble)
    {
        var text = new StringBuilder();
        text.Append("tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\n");
        text.Append(CultureInfo.InvariantCulture, $"max_feature_idx={ensemble.FeatureCount - 1}\n");
        text.Append("objective=regression\n");
        text.Append("feature_names=").AppendJoin(' ', Enumerable.Range(0, ensemble.FeatureCount).Select(f => $"Column_{f}")).Append('\n');
        text.Append("feature_infos=").AppendJoin(' ', Enumerable.Repeat("none", ensemble.FeatureCount)).Append("\n\n");
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            WriteTree(text, t, ensemble.Trees[t]);
        }

        return text.Append("end of trees\n").ToString();
    }

    /// <summary>
    /// LightGBM numbers a tree's splits and its leaves separately, and a child that is leaf <c>k</c> is written <c>~k</c>;
    /// the root is split 0, which pre-order gives.
    /// </summary>
    private static void WriteTree(StringBuilder text, int index, IReadOnlyList<TreeNode> nodes)
    {
        var number = new int[nodes.Count];
        var (splits, leaves) = (0, 0);
        for (var n = 0; n < nodes.Count; n++)
        {
            number[n] = nodes[n].IsLeaf ? ~leaves++ : splits++;
        }

        var inner = nodes.Where(n => !n.IsLeaf).ToList();
        text.Append(CultureInfo.InvariantCulture, $"Tree={index}\nnum_leaves={leaves}\nnum_cat=0\n");
        Line(text, "split_feature", inner.Select(n => n.Feature.ToString(CultureInfo.InvariantCulture)));
        Line(text, "threshold", inner.Select(n => n.Threshold.ToString("R", CultureInfo.InvariantCulture)));
        Line(text, "decision_type", inner.Select(n => (MissingNaN | (n.DefaultLeft ? DefaultLeft : 0)).ToString(CultureInfo.InvariantCulture)));
        Line(text, "left_child", inner.Select(n => number[n.Left].ToString(CultureInfo.InvariantCulture)));
        Line(text, "right_child", inner.Select(n => number[n.Right].ToString(CultureInfo.InvariantCulture)));
        Line(text, "leaf_value", nodes.Where(n => n.IsLeaf).Select(n => n.Value.ToString("R", CultureInfo.InvariantCulture)));
        text.Append("is_linear=0\nshrinkage=1\n\n\n");
    }

    private static void Line(StringBuilder text, string key, IEnumerable<string> values) =>
        text.Append(key).Append('=').AppendJoin(' ', values).Append('\n');
}

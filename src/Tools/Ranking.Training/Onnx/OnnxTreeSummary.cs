using Ranking.Training.Onnx.Proto;

namespace Ranking.Training.Onnx;

/// <summary>
/// What a benchmark needs to know of an ONNX <c>TreeEnsembleRegressor</c> without scoring it: how many trees it sums
/// (to report time per document and tree), and the thresholds each feature is split at (to draw inputs that take
/// both sides of the splits when the package has no holdout rows).
/// </summary>
public sealed class OnnxTreeSummary
{
    private const string OpType = "TreeEnsembleRegressor";
    private const string LeafMode = "LEAF";

    private OnnxTreeSummary(int treeCount, float[] lowest, float[] highest)
    {
        TreeCount = treeCount;
        LowestThreshold = lowest;
        HighestThreshold = highest;
    }

    public int TreeCount { get; }

    /// <summary>Per feature, the lowest threshold a split compares it with; NaN for a feature no split reads.</summary>
    public float[] LowestThreshold { get; }

    /// <summary>Per feature, the highest threshold a split compares it with; NaN for a feature no split reads.</summary>
    public float[] HighestThreshold { get; }

    /// <summary>
    /// The summary of the graph's first <c>TreeEnsembleRegressor</c> node, or null when the graph has none (the model
    /// is not a tree ensemble). Thresholds are read from <c>nodes_values</c> or <c>nodes_values_as_tensor</c>; splits
    /// on features at or beyond <paramref name="featureCount"/> are left out.
    /// </summary>
    /// <exception cref="Google.Protobuf.InvalidProtocolBufferException">The bytes are not an ONNX model.</exception>
    public static OnnxTreeSummary? Read(byte[] onnx, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        var model = ModelProto.Parser.ParseFrom(onnx);
        foreach (var node in model.Graph?.Node ?? [])
        {
            if (node.OpType == OpType)
            {
                return Summarize(node, featureCount);
            }
        }

        return null;
    }

    private static OnnxTreeSummary Summarize(NodeProto node, int featureCount)
    {
        var attributes = node.Attribute.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var treeIds = attributes.TryGetValue("nodes_treeids", out var trees) ? trees.Ints : [];
        var features = attributes.TryGetValue("nodes_featureids", out var ids) ? ids.Ints : [];
        var modes = attributes.TryGetValue("nodes_modes", out var m) ? m.Strings : [];
        IList<float> values = attributes.TryGetValue("nodes_values", out var v) && v.Floats.Count > 0 ? v.Floats
            : attributes.TryGetValue("nodes_values_as_tensor", out var tensor) ? tensor.T.FloatData
            : [];

        var lowest = new float[featureCount];
        var highest = new float[featureCount];
        Array.Fill(lowest, float.NaN);
        Array.Fill(highest, float.NaN);
        var splits = Math.Min(Math.Min(features.Count, modes.Count), values.Count);
        for (var i = 0; i < splits; i++)
        {
            var feature = features[i];
            if (feature < 0 || feature >= featureCount || modes[i].ToStringUtf8() == LeafMode || float.IsNaN(values[i]))
            {
                continue;
            }

            // NaN compares false, so a feature's first threshold replaces the NaN it starts with.
            lowest[feature] = !(lowest[feature] <= values[i]) ? values[i] : lowest[feature];
            highest[feature] = !(highest[feature] >= values[i]) ? values[i] : highest[feature];
        }

        return new OnnxTreeSummary(treeIds.Distinct().Count(), lowest, highest);
    }
}

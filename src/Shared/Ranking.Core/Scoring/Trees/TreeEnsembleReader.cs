using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// Reads the one <c>ai.onnx.ml</c> <c>TreeEnsembleRegressor</c> of a graph into a <see cref="TreeEnsembleDefinition"/>
/// with ONNX Runtime's meaning (its <c>tree_ensemble_common.h</c> <c>Init</c> and <c>tree_ensemble_aggregator.h</c>).
/// A model that does not fit the manifest, or that ONNX Runtime itself would not load, throws; a valid model that the
/// native scorer cannot reproduce exactly returns false with a reason, so the caller can keep ONNX Runtime for it.
/// </summary>
internal static partial class TreeEnsembleReader
{
    public const string OpType = "TreeEnsembleRegressor";
    public const string Domain = "ai.onnx.ml";

    /// <exception cref="InvalidDataException">
    /// The graph lacks the manifest's input or output or declares them with another type or width (what ONNX Runtime
    /// would refuse at load), <c>n_targets</c> is not 1 (one score per row), or the node's attributes contradict each other.
    /// </exception>
    public static bool TryRead(
        OnnxGraph graph,
        string input,
        string output,
        int featureCount,
        [NotNullWhen(true)] out TreeEnsembleDefinition? ensemble,
        [NotNullWhen(false)] out string? reason)
    {
        ensemble = null;
        var outputValue = CheckSignature(graph, input, output, featureCount);
        if (graph.Nodes.Count != 1)
        {
            reason = $"the graph has {graph.Nodes.Count} nodes ({OpTypes(graph)}); only a single {OpType} between input and output is scored natively";
            return false;
        }

        var node = graph.Nodes[0];
        if (node.OpType != OpType || node.Domain != Domain)
        {
            reason = $"the graph's node is {node.Domain}:{node.OpType}, not {Domain}:{OpType}";
            return false;
        }

        if (node.Inputs.Count != 1 || node.Inputs[0] != input || node.Outputs.Count != 1 || node.Outputs[0] != output)
        {
            reason = $"the {OpType} node does not read '{input}' and write '{output}' directly";
            return false;
        }

        if (!TryRead(new NodeAttributes(node), featureCount, out ensemble, out reason))
        {
            return false;
        }

        CheckOutput(outputValue);
        return true;
    }

    private static bool TryRead(
        NodeAttributes attributes,
        int featureCount,
        [NotNullWhen(true)] out TreeEnsembleDefinition? ensemble,
        [NotNullWhen(false)] out string? reason)
    {
        ensemble = null;
        var targets = attributes.Int("n_targets", 0);
        if (targets != 1)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{OpType} has n_targets {targets}; a ranking model gives one score per row (n_targets 1)."));
        }

        var aggregate = attributes.Text("aggregate_function", "SUM");
        var transform = attributes.Text("post_transform", "NONE");
        if (aggregate != "SUM" || transform != "NONE")
        {
            reason = $"aggregate_function {aggregate} and post_transform {transform}; only SUM and NONE are scored natively";
            return false;
        }

        if (!attributes.TryFloats("base_values", out var baseValues, out reason)
            || !attributes.TryFloats("nodes_values", out var values, out reason)
            || !attributes.TryFloats("target_weights", out var weights, out reason))
        {
            return false;
        }

        if (baseValues.Count > 1)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"{baseValues.Count} base_values for one target");
            return false;
        }

        var nodes = new NodeColumns(
            attributes.Ints("nodes_treeids"), attributes.Ints("nodes_nodeids"), attributes.Ints("nodes_featureids"),
            attributes.Strings("nodes_modes"), values, attributes.Ints("nodes_truenodeids"), attributes.Ints("nodes_falsenodeids"),
            attributes.Ints("nodes_missing_value_tracks_true"));
        var leaves = new TargetColumns(
            attributes.Ints("target_treeids"), attributes.Ints("target_nodeids"), attributes.Ints("target_ids"), weights);
        if (!TryBuildTrees(nodes, leaves, featureCount, out var trees, out reason))
        {
            return false;
        }

        ensemble = new TreeEnsembleDefinition(trees, baseValues.Count == 1 ? baseValues[0] : 0f, featureCount);
        return true;
    }

    private static string OpTypes(OnnxGraph graph)
    {
        var names = new string[graph.Nodes.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = graph.Nodes[i].OpType;
        }

        return string.Join(", ", names);
    }
}

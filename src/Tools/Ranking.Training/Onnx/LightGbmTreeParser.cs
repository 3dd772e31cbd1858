using System.Globalization;
using System.Text.Json;

namespace Ranking.Training.Onnx;

/// <summary>Reads the trees of LightGBM's JSON model dump (<c>LGBM_BoosterDumpModel</c>).</summary>
internal static class LightGbmTreeParser
{
    /// <exception cref="NotSupportedException">The model has categorical splits or treats zero as missing.</exception>
    /// <exception cref="InvalidDataException">The dump is not a LightGBM tree model.</exception>
    public static TreeEnsemble Parse(string dumpJson)
    {
        using var document = JsonDocument.Parse(dumpJson);
        var root = document.RootElement;
        if (!root.TryGetProperty("max_feature_idx", out var maxFeature) || !root.TryGetProperty("tree_info", out var treeInfo))
        {
            throw new InvalidDataException("The LightGBM dump has no max_feature_idx or tree_info.");
        }

        if (root.TryGetProperty("num_class", out var classes) && classes.GetInt32() != 1)
        {
            throw new NotSupportedException("Only single-output LightGBM models can be exported.");
        }

        var trees = new List<IReadOnlyList<TreeNode>>();
        foreach (var tree in treeInfo.EnumerateArray())
        {
            var nodes = new List<TreeNode>();
            AddNode(tree.GetProperty("tree_structure"), nodes, trees.Count);
            trees.Add(nodes);
        }

        return new TreeEnsemble(maxFeature.GetInt32() + 1, trees);
    }

    /// <returns>The index of the node added.</returns>
    private static int AddNode(JsonElement node, List<TreeNode> nodes, int tree)
    {
        var index = nodes.Count;
        if (!node.TryGetProperty("split_feature", out var feature))
        {
            nodes.Add(TreeNode.Leaf(node.GetProperty("leaf_value").GetDouble()));
            return index;
        }

        var decision = node.GetProperty("decision_type").GetString();
        if (decision != "<=")
        {
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture,
                $"Tree {tree} has a categorical split ('{decision}') on feature {feature.GetInt32()}; only numerical splits can be exported to ONNX."));
        }

        if (node.TryGetProperty("missing_type", out var missing) && missing.GetString() == "Zero")
        {
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture,
                $"Tree {tree} treats zero as missing (zero_as_missing); a BRANCH_LEQ node cannot express that."));
        }

        // Reserve the slot so the node keeps its pre-order index; children are patched in once added.
        nodes.Add(TreeNode.Leaf(0));
        var left = AddNode(node.GetProperty("left_child"), nodes, tree);
        var right = AddNode(node.GetProperty("right_child"), nodes, tree);
        nodes[index] = TreeNode.Split(
            feature.GetInt32(), node.GetProperty("threshold").GetDouble(), node.GetProperty("default_left").GetBoolean(), left, right);
        return index;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

internal static partial class TreeEnsembleReader
{
    /// <summary>
    /// Splits the node columns into trees the way ONNX Runtime does: a tree is a run of consecutive entries with one
    /// tree id, its root is the run's first entry (not node id 0), and the trees are summed in run order.
    /// </summary>
    private static bool TryBuildTrees(
        NodeColumns nodes,
        TargetColumns targets,
        int featureCount,
        [NotNullWhen(true)] out DecisionNode[][]? trees,
        [NotNullWhen(false)] out string? reason)
    {
        trees = null;
        CheckLengths(nodes, targets);
        if (nodes.Count == 0)
        {
            reason = "the ensemble has no nodes";
            return false;
        }

        var runs = new List<(long TreeId, int Start, int End)>();
        var seen = new HashSet<long>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (i > 0 && nodes.TreeIds[i] == nodes.TreeIds[i - 1])
            {
                continue;
            }

            if (!seen.Add(nodes.TreeIds[i]))
            {
                reason = Text($"tree {nodes.TreeIds[i]}'s nodes are not contiguous in nodes_treeids (ONNX Runtime would sum its first run twice)");
                return false;
            }

            if (runs.Count > 0)
            {
                runs[^1] = runs[^1] with { End = i };
            }

            runs.Add((nodes.TreeIds[i], i, nodes.Count));
        }

        var listed = new DecisionNode[runs.Count][];
        var where = new Dictionary<(long Tree, long Node), (int Tree, int Local)>();
        for (var t = 0; t < runs.Count; t++)
        {
            if (!TryReadRun(nodes, runs[t].Start, runs[t].End, t, featureCount, where, out listed[t], out reason))
            {
                return false;
            }
        }

        if (!TryAttachWeights(targets, listed, where, out reason))
        {
            return false;
        }

        trees = new DecisionNode[listed.Length][];
        for (var t = 0; t < listed.Length; t++)
        {
            if (!TryRootFirst(listed[t], runs[t].TreeId, out var tree, out reason))
            {
                return false;
            }

            trees[t] = tree;
        }

        reason = null;
        return true;
    }

    private static bool TryReadRun(
        NodeColumns nodes,
        int start,
        int end,
        int tree,
        int featureCount,
        Dictionary<(long Tree, long Node), (int Tree, int Local)> where,
        out DecisionNode[] listed,
        [NotNullWhen(false)] out string? reason)
    {
        var treeId = nodes.TreeIds[start];
        for (var i = start; i < end; i++)
        {
            if (!where.TryAdd((treeId, nodes.NodeIds[i]), (tree, i - start)))
            {
                throw new InvalidDataException(Text($"Node {nodes.NodeIds[i]} of tree {treeId} appears twice."));
            }
        }

        listed = new DecisionNode[end - start];
        for (var i = start; i < end; i++)
        {
            if (!TryParseMode(nodes.Modes[i], out var mode))
            {
                reason = $"node mode {nodes.Modes[i]} (tree {treeId}) is not one of LEAF, BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ, BRANCH_NEQ";
                return false;
            }

            var feature = nodes.FeatureIds[i];
            if (mode != BranchMode.Leaf && (feature < 0 || feature >= featureCount))
            {
                reason = Text($"tree {treeId} splits on feature {feature}, outside the {featureCount} the manifest declares");
                return false;
            }

            var missingTrue = i < nodes.MissingTracksTrue.Count && nodes.MissingTracksTrue[i] == 1;
            var isLeaf = mode == BranchMode.Leaf;
            listed[i - start] = new DecisionNode(
                mode,
                isLeaf ? 0 : (int)feature,
                nodes.Values[i],
                missingTrue,
                isLeaf ? -1 : Child(where, treeId, nodes.TrueIds[i], tree),
                isLeaf ? -1 : Child(where, treeId, nodes.FalseIds[i], tree),
                float.NaN);
        }

        reason = null;
        return true;
    }

    private static int Child(Dictionary<(long Tree, long Node), (int Tree, int Local)> where, long treeId, long nodeId, int tree) =>
        where.TryGetValue((treeId, nodeId), out var found) && found.Tree == tree
            ? found.Local
            : throw new InvalidDataException(Text($"Tree {treeId} refers to node {nodeId}, which it does not have."));

    /// <summary>One weight per leaf, for target 0: what ONNX Runtime's single-target path sums.</summary>
    private static bool TryAttachWeights(
        TargetColumns targets,
        DecisionNode[][] listed,
        Dictionary<(long Tree, long Node), (int Tree, int Local)> where,
        [NotNullWhen(false)] out string? reason)
    {
        for (var k = 0; k < targets.Count; k++)
        {
            if (!where.TryGetValue((targets.TreeIds[k], targets.NodeIds[k]), out var at))
            {
                throw new InvalidDataException(Text($"A target weight names node {targets.NodeIds[k]} of tree {targets.TreeIds[k]}, which does not exist."));
            }

            ref var leaf = ref listed[at.Tree][at.Local];
            // Value is NaN until a weight arrives; a NaN weight is refused so it cannot pass for "none yet".
            if (targets.TargetIds[k] != 0 || !leaf.IsLeaf || !float.IsNaN(leaf.Value) || float.IsNaN(targets.Weights[k]))
            {
                reason = Text($"node {targets.NodeIds[k]} of tree {targets.TreeIds[k]} has a weight for target {targets.TargetIds[k]} that is not the one finite target-0 weight of a leaf");
                return false;
            }

            leaf = leaf with { Value = targets.Weights[k] };
        }

        foreach (var tree in listed)
        {
            foreach (var node in tree)
            {
                if (node.IsLeaf && float.IsNaN(node.Value))
                {
                    reason = "a leaf has no target weight";
                    return false;
                }
            }
        }

        reason = null;
        return true;
    }

    private static bool TryParseMode(string text, out BranchMode mode)
    {
        mode = text switch
        {
            "LEAF" => BranchMode.Leaf,
            "BRANCH_LEQ" => BranchMode.Leq,
            "BRANCH_LT" => BranchMode.Lt,
            "BRANCH_GTE" => BranchMode.Gte,
            "BRANCH_GT" => BranchMode.Gt,
            "BRANCH_EQ" => BranchMode.Eq,
            "BRANCH_NEQ" => BranchMode.Neq,
            _ => (BranchMode)(-1),
        };
        return mode >= 0;
    }

    private static void CheckLengths(NodeColumns nodes, TargetColumns targets)
    {
        var n = nodes.Count;
        if (nodes.NodeIds.Count != n || nodes.FeatureIds.Count != n || nodes.Modes.Count != n || nodes.Values.Count != n
            || nodes.TrueIds.Count != n || nodes.FalseIds.Count != n)
        {
            throw new InvalidDataException(Text($"The tree ensemble's nodes_* attributes differ in length ({n} tree ids)."));
        }

        var k = targets.Count;
        if (targets.NodeIds.Count != k || targets.TargetIds.Count != k || targets.Weights.Count != k)
        {
            throw new InvalidDataException(Text($"The tree ensemble's target_* attributes differ in length ({k} tree ids)."));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

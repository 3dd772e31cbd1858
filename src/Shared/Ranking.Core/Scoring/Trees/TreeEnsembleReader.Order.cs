using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

internal static partial class TreeEnsembleReader
{
    /// <summary>
    /// Renumbers a tree in pre-order from its first listed node, ONNX Runtime's root. Every node must be reached
    /// exactly once: a node reached twice (a shared child or a cycle) or never is not a tree this scorer walks.
    /// </summary>
    private static bool TryRootFirst(DecisionNode[] listed, long treeId, [NotNullWhen(true)] out DecisionNode[]? tree, [NotNullWhen(false)] out string? reason)
    {
        tree = null;
        var order = new int[listed.Length];
        Array.Fill(order, -1);
        var visited = new List<int>(listed.Length);
        var pending = new Stack<int>();
        pending.Push(0);
        while (pending.Count > 0)
        {
            var local = pending.Pop();
            if (order[local] >= 0)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"tree {treeId} reaches one node twice (a shared child or a cycle)");
                return false;
            }

            order[local] = visited.Count;
            visited.Add(local);
            if (!listed[local].IsLeaf)
            {
                pending.Push(listed[local].False);
                pending.Push(listed[local].True);
            }
        }

        if (visited.Count != listed.Length)
        {
            reason = string.Create(CultureInfo.InvariantCulture,
                $"tree {treeId} has {listed.Length - visited.Count} nodes its first listed node does not reach");
            return false;
        }

        tree = new DecisionNode[listed.Length];
        for (var i = 0; i < visited.Count; i++)
        {
            var node = listed[visited[i]];
            tree[i] = node.IsLeaf ? node : node with { True = order[node.True], False = order[node.False] };
        }

        reason = null;
        return true;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// The trees of a <see cref="TreeEnsembleDefinition"/> as one array of <see cref="BlockedNode"/>s, every split
/// rewritten as <c>x &lt;= t</c> with an explicit NaN side, so the walk has one comparison and no mode switch.
/// </summary>
/// <remarks>
/// The rewrites are exact for float32 x and t (the comparison ONNX Runtime makes): <c>x &lt; t</c> is
/// <c>x &lt;= BitDecrement(t)</c> (no float lies between), <c>x &gt; t</c> and <c>x &gt;= t</c> are those with the
/// children swapped, <c>x == t</c> is <c>x &lt;= t</c> then not <c>x &lt; t</c> (two nodes), and <c>!=</c> is that with
/// the children swapped. NaN x fails every comparison but <c>!=</c>, so it goes to the false child unless
/// <c>missing_value_tracks_true</c> says true; for <c>!=</c> it always goes true. A NaN threshold fails every comparison
/// but <c>!=</c> for every x. Measured on the shipped models and in the parity tests against ONNX Runtime.
/// </remarks>
internal sealed class BlockedEnsemble
{
    /// <summary>Deeper trees are left to ONNX Runtime: the lockstep walk takes the deepest path for every document.</summary>
    public const int MaxDepth = 64;

    private readonly List<BlockedNode> _nodes = [];

    private BlockedEnsemble(int trees, float baseValue)
    {
        Roots = new int[trees];
        Depths = new int[trees];
        BaseValue = baseValue;
    }

    public BlockedNode[] Nodes { get; private set; } = [];
    public int[] Roots { get; }

    /// <summary>Steps from each root to its deepest leaf.</summary>
    public int[] Depths { get; }

    public float BaseValue { get; }

    /// <summary>Whether any node sends NaN left, so the walk must check for NaN.</summary>
    public bool HasNanLeft { get; private set; }

    public static bool TryBuild(TreeEnsembleDefinition definition, [NotNullWhen(true)] out BlockedEnsemble? ensemble, [NotNullWhen(false)] out string? reason)
    {
        var built = new BlockedEnsemble(definition.Trees.Length, definition.BaseValue);
        for (var t = 0; t < definition.Trees.Length; t++)
        {
            var (root, depth) = built.Emit(definition.Trees[t], 0);
            if (depth > MaxDepth)
            {
                ensemble = null;
                reason = string.Create(CultureInfo.InvariantCulture, $"tree {t} is {depth} levels deep, more than the {MaxDepth} the lockstep walk takes");
                return false;
            }

            built.Roots[t] = root;
            built.Depths[t] = depth;
        }

        built.Nodes = [.. built._nodes];
        ensemble = built;
        reason = null;
        return true;
    }

    /// <returns>The node's index and the depth below it (0 for a leaf).</returns>
    private (int Index, int Depth) Emit(DecisionNode[] tree, int at)
    {
        var node = tree[at];
        if (node.IsLeaf)
        {
            var leaf = _nodes.Count;
            _nodes.Add(new BlockedNode { FeatureWord = 0, Threshold = node.Value, Left = leaf, Right = leaf });
            return (leaf, 0);
        }

        var index = Reserve();
        var (whenTrue, trueDepth) = Emit(tree, node.True);
        var (whenFalse, falseDepth) = Emit(tree, node.False);
        var depth = 1 + Math.Max(trueDepth, falseDepth);
        var t = node.Threshold;
        var nanTrue = node.MissingTracksTrue || node.Mode == BranchMode.Neq;
        if (float.IsNaN(t))
        {
            // No comparison with NaN holds but !=: every number goes one way, NaN where missing_value_tracks_true says.
            var numbers = node.Mode == BranchMode.Neq ? whenTrue : whenFalse;
            Set(index, node.Feature, float.NaN, nanTrue ? whenTrue : whenFalse, numbers, nanLeft: true);
            return (index, depth);
        }

        switch (node.Mode)
        {
            case BranchMode.Leq:
                Set(index, node.Feature, t, whenTrue, whenFalse, nanTrue);
                break;
            case BranchMode.Lt:
                Set(index, node.Feature, BelowAsLeq(t), whenTrue, whenFalse, nanTrue);
                break;
            case BranchMode.Gt:
                Set(index, node.Feature, t, whenFalse, whenTrue, !nanTrue);
                break;
            case BranchMode.Gte:
                Set(index, node.Feature, BelowAsLeq(t), whenFalse, whenTrue, !nanTrue);
                break;
            default:
                // x == t: x <= t, then not x < t. NaN passes the first node and is sorted by the second.
                var second = Reserve();
                var (equal, unequal) = node.Mode == BranchMode.Eq ? (whenTrue, whenFalse) : (whenFalse, whenTrue);
                Set(index, node.Feature, t, second, unequal, nanLeft: true);
                Set(second, node.Feature, BelowAsLeq(t), unequal, equal, nanLeft: (nanTrue ? whenTrue : whenFalse) == unequal);
                depth++;
                break;
        }

        return (index, depth);
    }

    /// <summary>The threshold u with <c>x &lt;= u</c> exactly when <c>x &lt; t</c>: the next float down, or NaN (never) below -infinity.</summary>
    private static float BelowAsLeq(float t) => float.IsNegativeInfinity(t) ? float.NaN : MathF.BitDecrement(t);

    private int Reserve()
    {
        _nodes.Add(default);
        return _nodes.Count - 1;
    }

    private void Set(int index, int feature, float threshold, int left, int right, bool nanLeft)
    {
        HasNanLeft |= nanLeft;
        _nodes[index] = new BlockedNode
        {
            FeatureWord = feature | (nanLeft ? BlockedNode.NanLeftBit : 0),
            Threshold = threshold,
            Left = left,
            Right = right,
        };
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// The QuickScorer layout of a <see cref="BlockedEnsemble"/> (Lucchese et al., SIGIR 2015): each tree's leaves are
/// numbered left to right (at most 64), and each split becomes a 64-bit mask that clears the leaves of its left
/// subtree. The splits are grouped by feature and sorted by threshold, so a document's value on a feature marks
/// every split it sends right (<c>t &lt; x</c>) in one forward scan that stops at the first split it does not. A
/// tree's exit leaf is then the lowest bit left in its mask: the leftmost leaf no split on the path ruled out.
/// </summary>
/// <remarks>
/// Exact for the rewritten <c>x &lt;= t</c> splits: a value goes right exactly when <c>t &lt; x</c> in float32, and
/// NaN goes right at every split that does not send it left, which <see cref="NanLeft"/> records per split. A NaN
/// threshold (the rewrite of <c>x &lt; -infinity</c>: every number goes right, NaN left) sorts first and is applied
/// to every number without a comparison (<see cref="ScanStart"/>).
/// </remarks>
internal sealed class BitvectorEnsemble
{
    public const int MaxLeaves = 64;

    private BitvectorEnsemble(int trees, int features, float baseValue)
    {
        TreeCount = trees;
        FeatureStart = new int[features + 1];
        ScanStart = new int[features];
        Leaves = new float[trees * MaxLeaves];
        BaseValue = baseValue;
    }

    public int TreeCount { get; }

    /// <summary>Splits on feature f are <c>[FeatureStart[f], FeatureStart[f + 1])</c> in the arrays below, by threshold.</summary>
    public int[] FeatureStart { get; }

    /// <summary>
    /// Where feature f's comparisons start: the splits before it, from <see cref="FeatureStart"/> on, have a NaN
    /// threshold and send every number right.
    /// </summary>
    public int[] ScanStart { get; }

    public float[] Thresholds { get; private set; } = [];

    public int[] Trees { get; private set; } = [];

    public ulong[] Masks { get; private set; } = [];

    /// <summary>1 where the split sends NaN left, so a NaN value leaves its mask alone.</summary>
    public byte[] NanLeft { get; private set; } = [];

    /// <summary>Tree t's leaf i is at <c>t * 64 + i</c>.</summary>
    public float[] Leaves { get; }

    public float BaseValue { get; }

    public static bool TryBuild(BlockedEnsemble blocked, int featureCount, [NotNullWhen(true)] out BitvectorEnsemble? ensemble, [NotNullWhen(false)] out string? reason)
    {
        var built = new BitvectorEnsemble(blocked.Roots.Length, featureCount, blocked.BaseValue);
        var splits = new List<Split>();
        for (var t = 0; t < blocked.Roots.Length; t++)
        {
            var leaves = 0;
            if (!built.Number(blocked.Nodes, blocked.Roots[t], t, ref leaves, splits, out reason))
            {
                ensemble = null;
                return false;
            }
        }

        // By feature, then threshold (NaN first, as float's order puts it); equal thresholds keep tree order.
        var ordered = splits.Select((split, i) => (split, i)).OrderBy(s => s.split.Feature).ThenBy(s => s.split.Threshold).ThenBy(s => s.i).Select(s => s.split).ToArray();
        built.Thresholds = [.. ordered.Select(s => s.Threshold)];
        built.Trees = [.. ordered.Select(s => s.Tree)];
        built.Masks = [.. ordered.Select(s => s.Mask)];
        built.NanLeft = [.. ordered.Select(s => (byte)(s.NanLeft ? 1 : 0))];
        foreach (var split in ordered)
        {
            built.FeatureStart[split.Feature + 1]++;
        }

        for (var f = 0; f < featureCount; f++)
        {
            built.FeatureStart[f + 1] += built.FeatureStart[f];
            var scan = built.FeatureStart[f];
            while (scan < built.FeatureStart[f + 1] && float.IsNaN(built.Thresholds[scan]))
            {
                scan++;
            }

            built.ScanStart[f] = scan;
        }

        ensemble = built;
        reason = null;
        return true;
    }

    /// <summary>Numbers the leaves under <paramref name="at"/> from <paramref name="leaves"/> on, left first, and records its splits.</summary>
    private bool Number(BlockedNode[] nodes, int at, int tree, ref int leaves, List<Split> splits, [NotNullWhen(false)] out string? reason)
    {
        var node = nodes[at];
        if (node.Left == at)
        {
            if (leaves == MaxLeaves)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"tree {tree} has more than {MaxLeaves} leaves");
                return false;
            }

            Leaves[(tree * MaxLeaves) + leaves++] = node.Threshold;
            reason = null;
            return true;
        }

        var first = leaves;
        if (!Number(nodes, node.Left, tree, ref leaves, splits, out reason))
        {
            return false;
        }

        // Going right rules out the left subtree's leaves [first, leaves); the right subtree has at least one more.
        var mask = ~(((1UL << (leaves - first)) - 1) << first);
        splits.Add(new Split(node.FeatureWord & int.MaxValue, node.Threshold, tree, mask, node.FeatureWord < 0));
        return Number(nodes, node.Right, tree, ref leaves, splits, out reason);
    }

    private readonly record struct Split(int Feature, float Threshold, int Tree, ulong Mask, bool NanLeft);
}

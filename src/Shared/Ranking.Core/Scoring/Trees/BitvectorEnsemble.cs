using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Documents scored together: one 256-bit vector of float values.</summary>
    private const int Lanes = 8;

    private BitvectorEnsemble(int trees, int features, float baseValue)
    {
        TreeCount = trees;
        FeatureStart = new int[features + 1];
        ScanStart = new int[features];
        Leaves = new float[trees * MaxLeaves];
        BaseValue = baseValue;
    }

    public int TreeCount { get; }

    /// <summary>Splits on feature f are <c>[FeatureStart[f], FeatureStart[f + 1])</c> of <see cref="Splits"/>, by threshold.</summary>
    public int[] FeatureStart { get; }

    /// <summary>
    /// Where feature f's comparisons start: the splits before it, from <see cref="FeatureStart"/> on, have a NaN
    /// threshold and send every number right.
    /// </summary>
    public int[] ScanStart { get; }

    /// <summary>One record per split, so the scan reads one stream (threshold, tree and mask in 16 bytes).</summary>
    public BitvectorSplit[] Splits { get; private set; } = [];

    /// <summary>1 where the split sends NaN left, so a NaN value leaves its mask alone. Read only for NaN values.</summary>
    public byte[] NanLeft { get; private set; } = [];

    /// <summary>Tree t's leaf i is at <c>t * 64 + i</c>.</summary>
    public float[] Leaves { get; }

    public float BaseValue { get; }

    /// <summary>Whether a tree has more than 32 leaves, so its masks need their high 32 bits.</summary>
    public bool Wide { get; private set; }

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

            built.Wide |= leaves > 32;
        }

        // By feature, then threshold (NaN first, as float's order puts it); equal thresholds keep tree order.
        var ordered = splits.Select((split, i) => (split, i)).OrderBy(s => s.split.Feature).ThenBy(s => s.split.Threshold).ThenBy(s => s.i).Select(s => s.split).ToArray();
        built.Splits = [.. ordered.Select(s => new BitvectorSplit(s.Threshold, s.Tree, (uint)~s.Mask, (uint)(~s.Mask >> 32)))];
        built.NanLeft = [.. ordered.Select(s => (byte)(s.NanLeft ? 1 : 0))];
        foreach (var split in ordered)
        {
            built.FeatureStart[split.Feature + 1]++;
        }

        for (var f = 0; f < featureCount; f++)
        {
            built.FeatureStart[f + 1] += built.FeatureStart[f];
            var scan = built.FeatureStart[f];
            while (scan < built.FeatureStart[f + 1] && float.IsNaN(built.Splits[scan].Threshold))
            {
                scan++;
            }

            built.ScanStart[f] = scan;
        }

        ensemble = built;
        reason = null;
        return true;
    }

    /// <summary>
    /// Scores <paramref name="rows"/> rows of <paramref name="width"/> features: blocks of <see cref="Lanes"/>
    /// documents compared against each split at once where 256-bit vectors run in hardware, the rest one by one.
    /// </summary>
    public void Score(ReadOnlySpan<float> matrix, int rows, int width, Span<float> scores)
    {
        var blocked = Vector256.IsHardwareAccelerated ? rows - (rows % Lanes) : 0;
        // The block's masks (one or two 32-bit planes of eight per tree) also hold the tail's one 64-bit mask per tree.
        var length = TreeCount * (Wide ? 2 : 1) * Lanes;
        uint[]? rented = null;
        var masks = length <= 8192 ? stackalloc uint[length] : (rented = ArrayPool<uint>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            for (var r = 0; r < blocked; r += Lanes)
            {
                if (Wide)
                {
                    ScoreLanes<TwoPlanes>(matrix.Slice(r * width), width, masks, scores.Slice(r, Lanes));
                }
                else
                {
                    ScoreLanes<OnePlane>(matrix.Slice(r * width), width, masks, scores.Slice(r, Lanes));
                }
            }

            for (var r = blocked; r < rows; r++)
            {
                ScoreOne(matrix.Slice(r * width, width), MemoryMarshal.Cast<uint, ulong>(masks)[..TreeCount], out scores[r]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<uint>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Eight documents at a time: each split's threshold is compared with the eight values in one instruction, and the
    /// scan of a feature stops at the first split that sends none of them right, so it mispredicts once per feature
    /// per block instead of once per feature per document. Masks are tree-major: per tree, the eight documents' low
    /// 32 bits, then (for trees of more than 32 leaves) their high 32 bits, so a comparison's lanes clear them as they
    /// are, without widening.
    /// </summary>
    private void ScoreLanes<TPlanes>(ReadOnlySpan<float> block, int width, Span<uint> masks, Span<float> scores)
        where TPlanes : struct, IMaskPlanes
    {
        masks.Fill(uint.MaxValue);
        ref var first = ref MemoryMarshal.GetReference(block);
        ref var splits = ref MemoryMarshal.GetArrayDataReference(Splits);
        ref var treeMasks = ref MemoryMarshal.GetReference(masks);
        for (var f = 0; f < width; f++)
        {
            var k = FeatureStart[f];
            var end = FeatureStart[f + 1];
            if (k == end)
            {
                continue;
            }

            ref var column = ref Unsafe.Add(ref first, f);
            var x = Vector256.Create(
                column,
                Unsafe.Add(ref column, width),
                Unsafe.Add(ref column, 2 * width),
                Unsafe.Add(ref column, 3 * width),
                Unsafe.Add(ref column, 4 * width),
                Unsafe.Add(ref column, 5 * width),
                Unsafe.Add(ref column, 6 * width),
                Unsafe.Add(ref column, 7 * width));
            var numbers = Vector256.Equals(x, x).AsUInt32();
            if (numbers != Vector256<uint>.AllBitsSet)
            {
                ScanWithNaN<TPlanes>(ref splits, ref treeMasks, k, ScanStart[f], end, x, numbers);
                continue;
            }

            // Splits that send every number right, then thresholds ascending until one sends no document right.
            for (var scan = ScanStart[f]; k < scan; k++)
            {
                Clear<TPlanes>(ref treeMasks, Unsafe.Add(ref splits, k), Vector256<uint>.AllBitsSet);
            }

            for (; k < end; k++)
            {
                ref var split = ref Unsafe.Add(ref splits, k);
                var right = Vector256.LessThan(Vector256.Create(split.Threshold), x).AsUInt32();
                if (right == Vector256<uint>.Zero)
                {
                    break;
                }

                Clear<TPlanes>(ref treeMasks, split, right);
            }
        }

        // Tree order, in float32, as ONNX Runtime's TreeAggregatorSum adds them: eight independent sums.
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(Leaves);
        for (var t = 0; t < TreeCount; t++)
        {
            ref var tree = ref Unsafe.Add(ref treeMasks, t * TPlanes.Count * Lanes);
            ref var leaf = ref Unsafe.Add(ref leaves, t * MaxLeaves);
            s0 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 0));
            s1 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 1));
            s2 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 2));
            s3 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 3));
            s4 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 4));
            s5 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 5));
            s6 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 6));
            s7 += Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, 7));
        }

        scores[0] = s0 + BaseValue;
        scores[1] = s1 + BaseValue;
        scores[2] = s2 + BaseValue;
        scores[3] = s3 + BaseValue;
        scores[4] = s4 + BaseValue;
        scores[5] = s5 + BaseValue;
        scores[6] = s6 + BaseValue;
        scores[7] = s7 + BaseValue;
    }

    /// <summary>
    /// A block with a NaN value on this feature: NaN goes right at every split that does not send it left, whatever
    /// the threshold, so the scan runs to the feature's last split.
    /// </summary>
    private void ScanWithNaN<TPlanes>(ref BitvectorSplit splits, ref uint treeMasks, int k, int scan, int end, Vector256<float> x, Vector256<uint> numbers)
        where TPlanes : struct, IMaskPlanes
    {
        var missing = ~numbers;
        for (; k < end; k++)
        {
            ref var split = ref Unsafe.Add(ref splits, k);
            var right = k < scan ? numbers : Vector256.LessThan(Vector256.Create(split.Threshold), x).AsUInt32();
            if (NanLeft[k] == 0)
            {
                right |= missing;
            }

            Clear<TPlanes>(ref treeMasks, split, right);
        }
    }

    /// <summary>Clears the split's left-subtree leaves in the masks of the documents it sends right (lanes all ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear<TPlanes>(ref uint treeMasks, in BitvectorSplit split, Vector256<uint> right)
        where TPlanes : struct, IMaskPlanes
    {
        ref var low = ref Unsafe.Add(ref treeMasks, split.Tree * TPlanes.Count * Lanes);
        Vector256.AndNot(Vector256.LoadUnsafe(ref low), right & Vector256.Create(split.ClearLow)).StoreUnsafe(ref low);
        if (TPlanes.Count == 2)
        {
            ref var high = ref Unsafe.Add(ref low, Lanes);
            Vector256.AndNot(Vector256.LoadUnsafe(ref high), right & Vector256.Create(split.ClearHigh)).StoreUnsafe(ref high);
        }
    }

    /// <summary>The lowest leaf left in a block's tree mask for one lane: its exit leaf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExitLeaf<TPlanes>(ref uint tree, int lane)
        where TPlanes : struct, IMaskPlanes => TPlanes.Count == 2
        ? BitOperations.TrailingZeroCount(((ulong)Unsafe.Add(ref tree, Lanes + lane) << 32) | Unsafe.Add(ref tree, lane))
        : BitOperations.TrailingZeroCount(Unsafe.Add(ref tree, lane));

    /// <summary>One document: the scan stops at the first split whose threshold is not below its value.</summary>
    private void ScoreOne(ReadOnlySpan<float> row, Span<ulong> masks, out float score)
    {
        masks.Fill(ulong.MaxValue);
        ref var splits = ref MemoryMarshal.GetArrayDataReference(Splits);
        ref var treeMasks = ref MemoryMarshal.GetReference(masks);
        for (var f = 0; f < row.Length; f++)
        {
            var k = FeatureStart[f];
            var end = FeatureStart[f + 1];
            var x = row[f];
            if (float.IsNaN(x))
            {
                for (; k < end; k++)
                {
                    if (NanLeft[k] == 0)
                    {
                        Clear(ref treeMasks, Unsafe.Add(ref splits, k));
                    }
                }

                continue;
            }

            for (var scan = ScanStart[f]; k < scan; k++)
            {
                Clear(ref treeMasks, Unsafe.Add(ref splits, k));
            }

            for (; k < end; k++)
            {
                ref var split = ref Unsafe.Add(ref splits, k);
                if (!(split.Threshold < x))
                {
                    break;
                }

                Clear(ref treeMasks, split);
            }
        }

        var sum = 0f;
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(Leaves);
        for (var t = 0; t < TreeCount; t++)
        {
            sum += Unsafe.Add(ref leaves, (t * MaxLeaves) + BitOperations.TrailingZeroCount(Unsafe.Add(ref treeMasks, t)));
        }

        score = sum + BaseValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(ref ulong treeMasks, in BitvectorSplit split) =>
        Unsafe.Add(ref treeMasks, split.Tree) &= ~(((ulong)split.ClearHigh << 32) | split.ClearLow);

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

    /// <summary>How many 32-bit planes a block's tree masks have: a type, so the JIT drops the unused plane's code.</summary>
    private interface IMaskPlanes
    {
        static abstract int Count { get; }
    }

    private readonly struct OnePlane : IMaskPlanes
    {
        public static int Count => 1;
    }

    private readonly struct TwoPlanes : IMaskPlanes
    {
        public static int Count => 2;
    }
}

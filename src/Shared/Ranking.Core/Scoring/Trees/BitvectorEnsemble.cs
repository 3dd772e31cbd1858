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
/// NaN goes right at every split that does not send it left, which <see cref="NanRight"/> records per split. A NaN
/// threshold (the rewrite of <c>x &lt; -infinity</c>: every number goes right, NaN left) sorts first and is applied
/// to every number without a comparison (<see cref="ScanStart"/>).
/// </remarks>
internal sealed class BitvectorEnsemble
{
    public const int MaxLeaves = 64;

    [ThreadStatic]
    private static uint[]? t_buffer;

    private BitvectorEnsemble(int trees, int features, float baseValue)
    {
        TreeCount = trees;
        FeatureStart = new int[features + 1];
        ScanStart = new int[features];
        Leaves = new float[trees * MaxLeaves];
        BaseValue = baseValue;
    }

    /// <summary>The most documents this host compares against a split at once: 16, 8, or 1 without 256-bit vectors.</summary>
    public static int WidestBlock => Vector512.IsHardwareAccelerated ? Lanes16.Count : Vector256.IsHardwareAccelerated ? Lanes8.Count : 1;

    public int TreeCount { get; }

    /// <summary>Splits on feature f are <c>[FeatureStart[f], FeatureStart[f + 1])</c> of <see cref="Splits"/>, by threshold.</summary>
    public int[] FeatureStart { get; }

    /// <summary>
    /// Where feature f's comparisons start: the splits before it, from <see cref="FeatureStart"/> on, have a NaN
    /// threshold and send every number right.
    /// </summary>
    public int[] ScanStart { get; }

    /// <summary>One record per split and mask plane, so the scan reads one stream (12 bytes a record).</summary>
    public BitvectorSplit[] Splits { get; private set; } = [];

    /// <summary>
    /// All ones where the record's split sends NaN right, zero where it sends NaN left (leaving the mask alone), so a
    /// block's NaN lanes are selected without a branch. Read only for blocks with NaN values.
    /// </summary>
    public uint[] NanRight { get; private set; } = [];

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
        // A split becomes one record per 32-bit plane its left subtree has leaves in: most have them in one plane
        // only (in a balanced tree of 64 leaves, all do), so most clear one plane, one store per block.
        var planes = built.Wide ? 2 : 1;
        var records = ordered.SelectMany(s => new[] { (s, Plane: 0, Clear: (uint)~s.Mask), (s, Plane: 1, Clear: (uint)(~s.Mask >> 32)) })
            .Where(r => r.Clear != 0)
            .ToArray();
        built.Splits = [.. records.Select(r => new BitvectorSplit(r.s.Threshold, (r.s.Tree * planes) + r.Plane, r.Clear))];
        built.NanRight = [.. records.Select(r => r.s.NanLeft ? 0u : uint.MaxValue)];
        foreach (var record in records)
        {
            built.FeatureStart[record.s.Feature + 1]++;
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
    /// Scores <paramref name="rows"/> rows of <paramref name="width"/> features in blocks of 16 documents compared
    /// against each split at once where 512-bit vectors run in hardware, of 8 where 256-bit vectors do, else one by one.
    /// </summary>
    public void Score(ReadOnlySpan<float> matrix, int rows, int width, Span<float> scores) => Score(matrix, rows, width, scores, WidestBlock);

    /// <summary>As the public overload, with the widest block forced to 16, 8 or 1 (the tests run each on any host).</summary>
    internal void Score(ReadOnlySpan<float> matrix, int rows, int width, Span<float> scores, int widest)
    {
        var planes = Wide ? 2 : 1;
        if (widest == 1)
        {
            var masks = BlockBuffer(TreeCount * planes);
            for (var r = 0; r < rows; r++)
            {
                ScoreOne(matrix.Slice(r * width, width), masks, out scores[r]);
            }

            return;
        }

        // The masks (one or two 32-bit planes per lane and tree), then the block's values, feature-major.
        var buffer = BlockBuffer((TreeCount * planes * widest) + (width * widest));
        var blockMasks = buffer[..^(width * widest)];
        var columns = MemoryMarshal.Cast<uint, float>(buffer[^(width * widest)..]);
        for (var r = 0; r < rows;)
        {
            // The last rows fill a block of their own, its free lanes copies of its first row, their scores dropped:
            // a document scored alone costs about as much as a block.
            var count = Math.Min(rows - r, widest);
            var block = matrix.Slice(r * width, count * width);
            if (count > Lanes8.Count)
            {
                ScoreBlock<Lanes16, Vector512<float>>(block, count, width, blockMasks, columns, scores.Slice(r, count));
            }
            else
            {
                ScoreBlock<Lanes8, Vector256<float>>(block, count, width, blockMasks, columns, scores.Slice(r, count));
            }

            r += count;
        }
    }

    /// <summary>
    /// The calling thread's block buffer, pinned and aligned to 64 bytes: a plane's vector loads and stores then never
    /// split a cache line. With the stack's or the array pool's 16-byte alignment, 512-bit blocks measured from 0.30x
    /// to 0.46x ONNX Runtime on the synthetic ensemble from one run to the next, by where the buffer happened to start.
    /// </summary>
    private static unsafe Span<uint> BlockBuffer(int length)
    {
        const int PerLine = 64 / sizeof(uint);
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < length + PerLine)
        {
            t_buffer = buffer = GC.AllocateUninitializedArray<uint>(length + PerLine, pinned: true);
        }

        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return buffer.AsSpan((int)((64 - (address & 63)) & 63) / sizeof(uint), length);
    }

    private void ScoreBlock<TLanes, TVector>(ReadOnlySpan<float> block, int count, int width, Span<uint> masks, Span<float> columns, Span<float> scores)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        Transpose(block, count, width, TLanes.Count, columns);
        var sums = Wide
            ? ScoreLanes<TwoPlanes, TLanes, TVector>(width, masks, columns)
            : ScoreLanes<OnePlane, TLanes, TVector>(width, masks, columns);
        if (count == TLanes.Count)
        {
            TLanes.Store(sums, scores);
        }
        else
        {
            Span<float> all = stackalloc float[TLanes.Count];
            TLanes.Store(sums, all);
            all[..count].CopyTo(scores);
        }
    }

    /// <summary>
    /// A block of documents at a time, one per lane: each split's threshold is compared with the block's values in one
    /// instruction, and the scan of a feature stops at the first split that sends none of them right, so it
    /// mispredicts once per feature per block instead of once per feature per document. Masks are tree-major: per
    /// tree, the lanes' low 32 bits, then (for trees of more than 32 leaves) their high 32 bits, so a comparison's
    /// lanes clear them as they are, without widening. The block's values are first copied feature-major, so each
    /// feature's are one aligned load: with a gather of sixteen strided values per feature instead, the synthetic
    /// ensemble measured 0.39x ONNX Runtime against 0.29x.
    /// </summary>
    private TVector ScoreLanes<TPlanes, TLanes, TVector>(int width, Span<uint> masks, ReadOnlySpan<float> columns)
        where TPlanes : struct, IMaskPlanes
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var stride = TPlanes.Count * TLanes.Count;
        ref var values = ref MemoryMarshal.GetReference(columns);
        ref var splits = ref MemoryMarshal.GetArrayDataReference(Splits);
        ref var treeMasks = ref MemoryMarshal.GetReference(masks);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(Leaves);
        masks = masks[..(TreeCount * stride)];
        masks.Fill(uint.MaxValue);
        for (var f = 0; f < width; f++)
        {
            var k = FeatureStart[f];
            var end = FeatureStart[f + 1];
            if (k == end)
            {
                continue;
            }

            var x = TLanes.Load(ref Unsafe.Add(ref values, f * TLanes.Count));
            var numbers = TLanes.Numbers(x);
            if (!TLanes.All(numbers))
            {
                ScanWithNaN<TLanes, TVector>(ref splits, ref treeMasks, k, ScanStart[f], end, x, numbers);
                continue;
            }

            // Splits that send every number right, then thresholds ascending up to the first that sends no document
            // right: the first not below the block's largest value, found by binary search, so the loop tests nothing.
            for (var scan = ScanStart[f]; k < scan; k++)
            {
                Clear<TLanes, TVector>(ref treeMasks, Unsafe.Add(ref splits, k), numbers);
            }

            ref var stop = ref Unsafe.Add(ref splits, FirstNotBelow(k, end, TLanes.Max(x)));
            for (ref var split = ref Unsafe.Add(ref splits, k); Unsafe.IsAddressLessThan(ref split, ref stop); split = ref Unsafe.Add(ref split, 1))
            {
                Clear<TLanes, TVector>(ref treeMasks, split, TLanes.Right(split.Threshold, x));
            }
        }

        // Tree order, in float32, as ONNX Runtime's TreeAggregatorSum adds them: one independent sum per lane.
        var sums = default(TVector);
        for (var t = 0; t < TreeCount; t++)
        {
            sums = TLanes.Add(sums, TLanes.ExitLeaves<TPlanes>(ref Unsafe.Add(ref leaves, t * MaxLeaves), ref Unsafe.Add(ref treeMasks, t * stride)));
        }

        return TLanes.Add(sums, BaseValue);
    }

    /// <summary>
    /// Copies a block's <paramref name="count"/> rows into <paramref name="columns"/> feature-major, feature f's lanes
    /// from <c>f * lanes</c> on; lanes past <paramref name="count"/> get the first row's values.
    /// </summary>
    private static void Transpose(ReadOnlySpan<float> block, int count, int width, int lanes, Span<float> columns)
    {
        ref var first = ref MemoryMarshal.GetReference(block);
        ref var column = ref MemoryMarshal.GetReference(columns);
        for (var lane = 0; lane < lanes; lane++)
        {
            ref var row = ref Unsafe.Add(ref first, lane < count ? lane * width : 0);
            for (var f = 0; f < width; f++)
            {
                Unsafe.Add(ref column, (f * lanes) + lane) = Unsafe.Add(ref row, f);
            }
        }
    }

    /// <summary>The first of splits <c>[from, to)</c> (by threshold, none NaN) whose threshold is not below <paramref name="value"/>.</summary>
    private int FirstNotBelow(int from, int to, float value)
    {
        ref var splits = ref MemoryMarshal.GetArrayDataReference(Splits);
        while (from < to)
        {
            var middle = (int)((uint)(from + to) >> 1);
            if (Unsafe.Add(ref splits, middle).Threshold < value)
            {
                from = middle + 1;
            }
            else
            {
                to = middle;
            }
        }

        return from;
    }

    /// <summary>
    /// A block with a NaN value on this feature: NaN goes right at every split that does not send it left, whatever
    /// the threshold, so the scan runs to the feature's last split. Which way is data, not a branch: the sides are
    /// mixed, and a branch on them mispredicted about every other split (the synthetic ensemble has 2% NaN inputs, so
    /// a block of sixteen meets one on about a quarter of its features).
    /// </summary>
    private void ScanWithNaN<TLanes, TVector>(ref BitvectorSplit splits, ref uint treeMasks, int k, int scan, int end, TVector x, TVector numbers)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var missing = TLanes.Not(numbers);
        ref var nanRight = ref MemoryMarshal.GetArrayDataReference(NanRight);
        for (; k < scan; k++)
        {
            Clear<TLanes, TVector>(ref treeMasks, Unsafe.Add(ref splits, k), TLanes.Or(numbers, TLanes.And(missing, Unsafe.Add(ref nanRight, k))));
        }

        for (; k < end; k++)
        {
            ref var split = ref Unsafe.Add(ref splits, k);
            Clear<TLanes, TVector>(ref treeMasks, split, TLanes.Or(TLanes.Right(split.Threshold, x), TLanes.And(missing, Unsafe.Add(ref nanRight, k))));
        }
    }

    /// <summary>Clears the split's left-subtree leaves in the masks of the documents it sends right (lanes all ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear<TLanes, TVector>(ref uint treeMasks, in BitvectorSplit split, TVector right)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct => TLanes.Clear(ref Unsafe.Add(ref treeMasks, split.Plane * TLanes.Count), right, split.Clear);

    /// <summary>The lowest leaf left in a block's tree mask for one lane: its exit leaf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExitLeaf<TPlanes>(ref uint tree, int lanes, int lane)
        where TPlanes : struct, IMaskPlanes => TPlanes.Count == 2
        ? BitOperations.TrailingZeroCount(((ulong)Unsafe.Add(ref tree, lanes + lane) << 32) | Unsafe.Add(ref tree, lane))
        : BitOperations.TrailingZeroCount(Unsafe.Add(ref tree, lane));

    /// <summary>The exit-leaf values of lanes <paramref name="from"/> to <paramref name="from"/> + 7 of a block of <paramref name="lanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> EightExitLeaves<TPlanes>(ref float leaf, ref uint tree, int lanes, int from)
        where TPlanes : struct, IMaskPlanes => Vector256.Create(
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 1)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 2)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 3)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 4)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 5)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 6)),
        Unsafe.Add(ref leaf, ExitLeaf<TPlanes>(ref tree, lanes, from + 7)));

    /// <summary>One document: the scan stops at the first split whose threshold is not below its value.</summary>
    private void ScoreOne(ReadOnlySpan<float> row, Span<uint> masks, out float score)
    {
        masks.Fill(uint.MaxValue);
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
                    if (NanRight[k] != 0)
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
            var exit = Wide ? ExitLeaf<TwoPlanes>(ref Unsafe.Add(ref treeMasks, 2 * t), 1, 0) : ExitLeaf<OnePlane>(ref Unsafe.Add(ref treeMasks, t), 1, 0);
            sum += Unsafe.Add(ref leaves, (t * MaxLeaves) + exit);
        }

        score = sum + BaseValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(ref uint treeMasks, in BitvectorSplit split) =>
        Unsafe.Add(ref treeMasks, split.Plane) &= ~split.Clear;

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

    /// <summary>
    /// A block's vector operations, a type per vector width so that one scan serves both and the JIT compiles each
    /// with its own instructions. Lanes of a comparison are all ones or all zeros.
    /// </summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }

        /// <summary>The block's values of one feature, from its feature-major copy (64-byte aligned).</summary>
        static abstract TVector Load(ref float lanes);

        /// <summary>Lanes whose value is a number (not NaN).</summary>
        static abstract TVector Numbers(TVector x);

        /// <summary>Lanes whose value is above <paramref name="threshold"/> in float32.</summary>
        static abstract TVector Right(float threshold, TVector x);

        static abstract bool All(TVector lanes);

        /// <summary>The largest lane (the lanes hold numbers, no NaN).</summary>
        static abstract float Max(TVector x);

        static abstract TVector Or(TVector left, TVector right);

        static abstract TVector Not(TVector lanes);

        /// <summary>The lanes with <paramref name="bits"/> kept: all or none, for a mask of all ones or zero.</summary>
        static abstract TVector And(TVector lanes, uint bits);

        /// <summary>Clears the bits of <paramref name="clear"/> in the plane's masks of the given lanes.</summary>
        static abstract void Clear(ref uint plane, TVector lanes, uint clear);

        /// <summary>Each lane's exit-leaf value of one tree (<paramref name="leaf"/> its first leaf).</summary>
        static abstract TVector ExitLeaves<TPlanes>(ref float leaf, ref uint tree)
            where TPlanes : struct, IMaskPlanes;

        static abstract TVector Add(TVector sums, TVector values);

        static abstract TVector Add(TVector sums, float value);

        static abstract void Store(TVector values, Span<float> scores);
    }

    private readonly struct Lanes8 : ILanes<Vector256<float>>
    {
        public static int Count => 8;

        public static Vector256<float> Load(ref float lanes) => Vector256.LoadUnsafe(ref lanes);

        public static Vector256<float> Numbers(Vector256<float> x) => Vector256.Equals(x, x);

        public static Vector256<float> Right(float threshold, Vector256<float> x) => Vector256.LessThan(Vector256.Create(threshold), x);

        public static bool All(Vector256<float> lanes) => lanes.ExtractMostSignificantBits() == 0xFFu;

        public static float Max(Vector256<float> x) => Largest(Vector128.Max(x.GetLower(), x.GetUpper()));

        public static Vector256<float> Or(Vector256<float> left, Vector256<float> right) => left | right;

        public static Vector256<float> Not(Vector256<float> lanes) => ~lanes;

        public static Vector256<float> And(Vector256<float> lanes, uint bits) => lanes & Vector256.Create(bits).AsSingle();

        public static void Clear(ref uint plane, Vector256<float> lanes, uint clear) =>
            Vector256.AndNot(Vector256.LoadUnsafe(ref plane), lanes.AsUInt32() & Vector256.Create(clear)).StoreUnsafe(ref plane);

        public static Vector256<float> ExitLeaves<TPlanes>(ref float leaf, ref uint tree)
            where TPlanes : struct, IMaskPlanes => EightExitLeaves<TPlanes>(ref leaf, ref tree, Count, 0);

        public static Vector256<float> Add(Vector256<float> sums, Vector256<float> values) => sums + values;

        public static Vector256<float> Add(Vector256<float> sums, float value) => sums + Vector256.Create(value);

        public static void Store(Vector256<float> values, Span<float> scores) => values.CopyTo(scores);
    }

    private readonly struct Lanes16 : ILanes<Vector512<float>>
    {
        public static int Count => 16;

        public static Vector512<float> Load(ref float lanes) => Vector512.LoadUnsafe(ref lanes);

        public static Vector512<float> Numbers(Vector512<float> x) => Vector512.Equals(x, x);

        public static Vector512<float> Right(float threshold, Vector512<float> x) => Vector512.LessThan(Vector512.Create(threshold), x);

        public static bool All(Vector512<float> lanes) => lanes.ExtractMostSignificantBits() == 0xFFFFUL;

        public static float Max(Vector512<float> x) => Lanes8.Max(Vector256.Max(x.GetLower(), x.GetUpper()));

        public static Vector512<float> Or(Vector512<float> left, Vector512<float> right) => left | right;

        public static Vector512<float> Not(Vector512<float> lanes) => ~lanes;

        public static Vector512<float> And(Vector512<float> lanes, uint bits) => lanes & Vector512.Create(bits).AsSingle();

        public static void Clear(ref uint plane, Vector512<float> lanes, uint clear) =>
            Vector512.AndNot(Vector512.LoadUnsafe(ref plane), lanes.AsUInt32() & Vector512.Create(clear)).StoreUnsafe(ref plane);

        public static Vector512<float> ExitLeaves<TPlanes>(ref float leaf, ref uint tree)
            where TPlanes : struct, IMaskPlanes => Vector512.Create(
            EightExitLeaves<TPlanes>(ref leaf, ref tree, Count, 0),
            EightExitLeaves<TPlanes>(ref leaf, ref tree, Count, 8));

        public static Vector512<float> Add(Vector512<float> sums, Vector512<float> values) => sums + values;

        public static Vector512<float> Add(Vector512<float> sums, float value) => sums + Vector512.Create(value);

        public static void Store(Vector512<float> values, Span<float> scores) => values.CopyTo(scores);
    }

    /// <summary>The largest of four numbers.</summary>
    private static float Largest(Vector128<float> x)
    {
        x = Vector128.Max(x, Vector128.Shuffle(x, Vector128.Create(2, 3, 0, 1)));
        return Vector128.Max(x, Vector128.Shuffle(x, Vector128.Create(1, 0, 3, 2))).ToScalar();
    }

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

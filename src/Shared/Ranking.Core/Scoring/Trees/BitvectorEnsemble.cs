using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// The QuickScorer layout of a <see cref="BlockedEnsemble"/> (Lucchese et al., SIGIR 2015): each tree's leaves are
/// numbered left to right (at most 64), and each split clears the leaves of its left subtree from the tree's leaf
/// bitvector when a document goes right. The splits are grouped by feature and sorted by threshold, so a document's
/// value on a feature marks every split it sends right (<c>t &lt; x</c>) in one forward scan that stops at the first
/// split it does not. A tree's exit leaf is then the lowest bit left: the leftmost leaf no split on the path ruled out.
/// </summary>
/// <remarks>
/// <para>
/// Blocks of 32 documents, with the bitvectors stored by byte, as RapidScorer does (Ye et al., KDD 2018): byte j of a
/// tree's bitvector holds leaves 8j to 8j + 7, and a block keeps byte j of its 32 documents side by side, one 256-bit
/// vector (two 128-bit ones on hosts without AVX2, <see cref="ScoreBlock128"/>). A split becomes one record per byte its left subtree has leaves in (most have one), and a record's work is
/// one comparison of its threshold with the block's 32 values, packed to 32 bytes, and one read-modify-write of one
/// vector. On the benchmarks' synthetic ensemble (500 trees of 64 leaves) this measured 5.1-5.4 ns/doc/tree; the same
/// scan over 32-bit lanes (the bitvector as two 32-bit planes) 6.0 with 32 documents a block, which makes four
/// read-modify-writes a record, and 10.3 with 8 (one a record, four times the records per document).
/// </para>
/// <para>
/// Exact for the rewritten <c>x &lt;= t</c> splits: a value goes right exactly when <c>t &lt; x</c> in float32, and
/// NaN goes right at every split that does not send it left, which <see cref="NanRight"/> records per split. A NaN
/// threshold (the rewrite of <c>x &lt; -infinity</c>: every number goes right, NaN left) sorts first and is applied
/// to every number without a comparison (<see cref="ScanStart"/>).
/// </para>
/// </remarks>
internal sealed partial class BitvectorEnsemble
{
    public const int MaxLeaves = 64;

    /// <summary>Documents per block: a byte of each per 256-bit vector.</summary>
    public const int Block = 32;

    [ThreadStatic]
    private static byte[]? t_buffer;

    private BitvectorEnsemble(int trees, int features, float baseValue, bool wide)
    {
        Wide = wide;
        TreeCount = trees;
        FeatureStart = new int[features + 1];
        ScanStart = new int[features];
        ByteStart = new int[trees + 1];
        Leaves = new float[trees * MaxLeaves];
        BaseValue = baseValue;
    }

    /// <summary>Scans in 256-bit vectors (AVX2), else in 128-bit ones.</summary>
    public bool Wide { get; }

    public int TreeCount { get; }

    /// <summary>Splits on feature f are <c>[FeatureStart[f], FeatureStart[f + 1])</c> of <see cref="Splits"/>, by threshold.</summary>
    public int[] FeatureStart { get; }

    /// <summary>
    /// Where feature f's comparisons start: the splits before it, from <see cref="FeatureStart"/> on, have a NaN
    /// threshold and send every number right.
    /// </summary>
    public int[] ScanStart { get; }

    /// <summary>Tree t's bitvector is bytes <c>[ByteStart[t], ByteStart[t + 1])</c>: one per eight leaves, rounded up.</summary>
    public int[] ByteStart { get; }

    /// <summary>One record per split and bitvector byte, so the scan reads one stream (12 bytes a record).</summary>
    public BitvectorSplit[] Splits { get; private set; } = [];

    /// <summary>
    /// All ones where the record's split sends NaN right, zero where it sends NaN left (leaving the bitvector alone), so
    /// a block's NaN lanes are selected without a branch. Read only for blocks with NaN values.
    /// </summary>
    public uint[] NanRight { get; private set; } = [];

    /// <summary>Tree t's leaf i is at <c>t * 64 + i</c>.</summary>
    public float[] Leaves { get; }

    public float BaseValue { get; }

    /// <summary>
    /// The layout in 256-bit vectors where <paramref name="wide"/>, else in 128-bit ones; refused where the host lacks
    /// them (one document at a time, this layout measured 88 ns/doc/tree on the synthetic benchmark ensemble, slower
    /// than ONNX Runtime's 36, so such a host gets the blocked walk).
    /// </summary>
    public static bool TryBuild(BlockedEnsemble blocked, int featureCount, bool wide, [NotNullWhen(true)] out BitvectorEnsemble? ensemble, [NotNullWhen(false)] out string? reason)
    {
        if (wide ? !Avx2.IsSupported : !Vector128.IsHardwareAccelerated)
        {
            ensemble = null;
            reason = wide ? "the 256-bit bitvector layout needs AVX2, which this host lacks" : "the bitvector layout needs 128-bit vector instructions, which this host lacks";
            return false;
        }

        var trees = blocked.Roots.Length;
        var built = new BitvectorEnsemble(trees, featureCount, blocked.BaseValue, wide);
        var splits = new List<Split>();
        for (var t = 0; t < trees; t++)
        {
            var leaves = 0;
            if (!built.Number(blocked.Nodes, blocked.Roots[t], t, ref leaves, splits, out reason))
            {
                ensemble = null;
                return false;
            }

            built.ByteStart[t + 1] = built.ByteStart[t] + ((leaves + 7) / 8);
        }

        // By feature, then threshold (NaN first, as float's order puts it); equal thresholds keep tree order. A split
        // becomes a record per byte its left subtree's leaves are in.
        var records = splits.Select((split, i) => (split, i))
            .OrderBy(s => s.split.Feature).ThenBy(s => s.split.Threshold).ThenBy(s => s.i)
            .SelectMany(s => Enumerable.Range(0, 8)
                .Select(j => (s.split, Byte: built.ByteStart[s.split.Tree] + j, Clear: (uint)(byte)(s.split.Left >> (8 * j))))
                .Where(r => r.Clear != 0))
            .ToArray();
        built.Splits = [.. records.Select(r => new BitvectorSplit(r.split.Threshold, r.Byte * Block, r.Clear * 0x01010101u))];
        built.NanRight = [.. records.Select(r => r.split.NanLeft ? 0u : uint.MaxValue)];
        foreach (var record in records)
        {
            built.FeatureStart[record.split.Feature + 1]++;
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

    /// <summary>Scores <paramref name="rows"/> rows of <paramref name="width"/> features, 32 at a time.</summary>
    public void Score(ReadOnlySpan<float> matrix, int rows, int width, Span<float> scores)
    {
        var maskBytes = ByteStart[TreeCount];
        // The block's bitvectors (32 bytes per tree byte), then its values feature-major (32 floats per feature).
        var buffer = BlockBuffer((maskBytes * Block) + (width * Block * sizeof(float)));
        var blockMasks = buffer[..(maskBytes * Block)];
        var columns = MemoryMarshal.Cast<byte, float>(buffer[(maskBytes * Block)..]);
        Span<float> sums = stackalloc float[Block];
        for (var r = 0; r < rows; r += Block)
        {
            // The last rows fill a block of their own, its free lanes copies of its first row, their scores dropped.
            var count = Math.Min(rows - r, Block);
            Transpose(matrix.Slice(r * width, count * width), count, width, columns);
            if (Wide)
            {
                ScoreBlock(width, blockMasks, columns, sums);
            }
            else
            {
                ScoreBlock128(width, blockMasks, columns, sums);
            }

            sums[..count].CopyTo(scores.Slice(r, count));
        }
    }

    /// <summary>
    /// The calling thread's block buffer, pinned and aligned to 64 bytes, so no vector load or store splits a cache
    /// line.
    /// </summary>
    private static unsafe Span<byte> BlockBuffer(int length)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < length + 64)
        {
            t_buffer = buffer = GC.AllocateUninitializedArray<byte>(length + 64, pinned: true);
        }

        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return buffer.AsSpan((int)((64 - (address & 63)) & 63), length);
    }

    /// <summary>
    /// A block of 32 documents: each split's threshold is compared with the block's values of its feature at once, and
    /// a feature's scan stops at the first split that sends none of them right, so it mispredicts once per feature per
    /// block instead of once per feature per document.
    /// </summary>
    private void ScoreBlock(int width, Span<byte> masks, ReadOnlySpan<float> columns, Span<float> sums)
    {
        ref var values = ref MemoryMarshal.GetReference(columns);
        ref var splits = ref MemoryMarshal.GetArrayDataReference(Splits);
        ref var bitvectors = ref MemoryMarshal.GetReference(masks);
        masks.Fill(byte.MaxValue);
        for (var f = 0; f < width; f++)
        {
            var k = FeatureStart[f];
            var end = FeatureStart[f + 1];
            if (k == end)
            {
                continue;
            }

            ref var column = ref Unsafe.Add(ref values, f * Block);
            var x0 = Vector256.LoadUnsafe(ref column);
            var x1 = Vector256.LoadUnsafe(ref column, 8);
            var x2 = Vector256.LoadUnsafe(ref column, 16);
            var x3 = Vector256.LoadUnsafe(ref column, 24);
            var n0 = Avx.CompareOrdered(x0, x0);
            var n1 = Avx.CompareOrdered(x1, x1);
            var n2 = Avx.CompareOrdered(x2, x2);
            var n3 = Avx.CompareOrdered(x3, x3);
            if (Avx.MoveMask((n0 & n1) & (n2 & n3)) != 0xFF)
            {
                ref var nanRight = ref MemoryMarshal.GetArrayDataReference(NanRight);
                for (var scan = ScanStart[f]; k < scan; k++)
                {
                    // Every number right, and NaN where the split sends it.
                    var side = Vector256.Create(Unsafe.Add(ref nanRight, k)).AsSingle();
                    Clear(ref bitvectors, Unsafe.Add(ref splits, k), Pack(n0 | side, n1 | side, n2 | side, n3 | side));
                }

                // NaN goes right at every split that does not send it left, whatever the threshold, so the scan runs
                // to the feature's last split; which way is data, not a branch (a branch mispredicted about half the time).
                for (; k < end; k++)
                {
                    ref var split = ref Unsafe.Add(ref splits, k);
                    var t = Vector256.Create(split.Threshold);
                    var side = Vector256.Create(Unsafe.Add(ref nanRight, k)).AsSingle();
                    Clear(ref bitvectors, split, Pack(
                        Avx.CompareLessThan(t, x0) | Avx.AndNot(n0, side),
                        Avx.CompareLessThan(t, x1) | Avx.AndNot(n1, side),
                        Avx.CompareLessThan(t, x2) | Avx.AndNot(n2, side),
                        Avx.CompareLessThan(t, x3) | Avx.AndNot(n3, side)));
                }

                continue;
            }

            // Splits that send every number right, then thresholds ascending up to the first that sends no document
            // right: the first not below the block's largest value, found by binary search, so the loop tests nothing.
            for (var scan = ScanStart[f]; k < scan; k++)
            {
                Clear(ref bitvectors, Unsafe.Add(ref splits, k), Vector256<byte>.AllBitsSet);
            }

            ref var stop = ref Unsafe.Add(ref splits, FirstNotBelow(k, end, Largest(Avx.Max(Avx.Max(x0, x1), Avx.Max(x2, x3)))));
            for (ref var split = ref Unsafe.Add(ref splits, k); Unsafe.IsAddressLessThan(ref split, ref stop); split = ref Unsafe.Add(ref split, 1))
            {
                var t = Vector256.Create(split.Threshold);
                Clear(ref bitvectors, split, Pack(Avx.CompareLessThan(t, x0), Avx.CompareLessThan(t, x1), Avx.CompareLessThan(t, x2), Avx.CompareLessThan(t, x3)));
            }
        }

        ExitLeaves(ref bitvectors, sums);
    }

    /// <summary>
    /// Each document's exit leaf in every tree, its value summed in tree order in float32, as ONNX Runtime's
    /// TreeAggregatorSum adds them, plus the base value. Each document's exit leaf is <c>8j</c> plus the lowest set bit of
    /// the first byte j with a bit left (found for all 32 at once by blends and nibble lookups); the leaf values are then
    /// read one by one: with AVX2 gathers instead, the synthetic ensemble measured 5.30 ns/doc/tree against 5.10-5.18.
    /// </summary>
    private void ExitLeaves(ref byte bitvectors, Span<float> sums)
    {
        var low = Vector256.Create(LowNibbleBit, LowNibbleBit);
        var high = Vector256.Create(HighNibbleBit, HighNibbleBit);
        var nibble = Vector256.Create((byte)0x0F);
        var eight = Vector256.Create((byte)8);
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(Leaves);
        ref var starts = ref MemoryMarshal.GetArrayDataReference(ByteStart);
        Span<byte> exitSpan = stackalloc byte[Block];
        ref var exits = ref MemoryMarshal.GetReference(exitSpan);
        for (var t = 0; t < TreeCount; t++, leaves = ref Unsafe.Add(ref leaves, MaxLeaves))
        {
            // The first byte with a bit left, found from the last byte down, and its first leaf (8j).
            var from = Unsafe.Add(ref starts, t);
            var j = Unsafe.Add(ref starts, t + 1) - 1;
            var first = Vector256.Create((byte)(8 * (j - from)));
            var offset = first;
            var bits = Vector256.LoadUnsafe(ref Unsafe.Add(ref bitvectors, j * Block));
            while (--j >= from)
            {
                first -= eight;
                var earlier = Vector256.LoadUnsafe(ref Unsafe.Add(ref bitvectors, j * Block));
                var empty = Avx2.CompareEqual(earlier, Vector256<byte>.Zero);
                bits = Avx2.BlendVariable(earlier, bits, empty);
                offset = Avx2.BlendVariable(first, offset, empty);
            }

            var exit = offset + Avx2.Min(Avx2.Shuffle(low, bits & nibble), Avx2.Shuffle(high, Avx2.ShiftRightLogical(bits.AsUInt16(), 4).AsByte() & nibble));
            exit.StoreUnsafe(ref exits);
            s0 += EightLeaves(ref leaves, ref exits);
            s1 += EightLeaves(ref leaves, ref Unsafe.Add(ref exits, 8));
            s2 += EightLeaves(ref leaves, ref Unsafe.Add(ref exits, 16));
            s3 += EightLeaves(ref leaves, ref Unsafe.Add(ref exits, 24));
        }

        var baseValue = Vector256.Create(BaseValue);
        ref var sum = ref MemoryMarshal.GetReference(sums);
        (s0 + baseValue).StoreUnsafe(ref sum);
        (s1 + baseValue).StoreUnsafe(ref sum, 8);
        (s2 + baseValue).StoreUnsafe(ref sum, 16);
        (s3 + baseValue).StoreUnsafe(ref sum, 24);
    }

    /// <summary>The lowest set bit of each value of a low nibble, a lookup table; 8 for none (never read: a tree keeps a leaf).</summary>
    private static Vector128<byte> LowNibbleBit => Vector128.Create((byte)8, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0);

    /// <summary>The same for a high nibble: its lowest set bit plus 4.</summary>
    private static Vector128<byte> HighNibbleBit => Vector128.Create((byte)8, 4, 5, 4, 6, 4, 5, 4, 7, 4, 5, 4, 6, 4, 5, 4);

    /// <summary>The values of eight documents' exit leaves (<paramref name="exits"/>) in one tree (<paramref name="leaves"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> EightLeaves(ref float leaves, ref byte exits) => Vector256.Create(
        Unsafe.Add(ref leaves, exits),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 1)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 2)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 3)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 4)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 5)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 6)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 7)));

    /// <summary>
    /// Four comparisons of eight lanes as 32 bytes, document d at byte d, given the lanes <see cref="Transpose"/> put
    /// document d in (the packs interleave their inputs within each 128-bit half).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Pack(Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3) =>
        Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(c0.AsInt32(), c1.AsInt32()), Avx2.PackSignedSaturate(c2.AsInt32(), c3.AsInt32())).AsByte();

    /// <summary>Clears the record's leaves from the bitvector byte of the documents it sends right (bytes all ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(ref byte bitvectors, in BitvectorSplit split, Vector256<byte> right)
    {
        ref var at = ref Unsafe.Add(ref bitvectors, split.Offset);
        Avx2.AndNot(right & Vector256.Create(split.Clear).AsByte(), Vector256.LoadUnsafe(ref at)).StoreUnsafe(ref at);
    }

    /// <summary>
    /// Copies a block's <paramref name="count"/> rows into <paramref name="columns"/> feature-major, 32 floats per
    /// feature; free lanes get the first row's values. In 256-bit vectors document d goes to lane <c>((d % 16) / 4) * 8
    /// + (d / 16) * 4 + d % 4</c>, which <see cref="Pack"/> turns back into byte d; in 128-bit ones to lane d, since
    /// their narrowing keeps the order.
    /// </summary>
    private void Transpose(ReadOnlySpan<float> block, int count, int width, Span<float> columns)
    {
        ref var first = ref MemoryMarshal.GetReference(block);
        ref var column = ref MemoryMarshal.GetReference(columns);
        for (var d = 0; d < Block; d++)
        {
            ref var row = ref Unsafe.Add(ref first, d < count ? d * width : 0);
            var lane = Wide ? (((d & 15) >> 2) * 8) + ((d >> 4) * 4) + (d & 3) : d;
            for (var f = 0; f < width; f++)
            {
                Unsafe.Add(ref column, (f * Block) + lane) = Unsafe.Add(ref row, f);
            }
        }
    }

    /// <summary>The largest of eight numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Largest(Vector256<float> x)
    {
        var half = Sse.Max(x.GetLower(), x.GetUpper());
        half = Sse.Max(half, Sse.Shuffle(half, half, 0b01_00_11_10));
        return Sse.Max(half, Sse.Shuffle(half, half, 0b10_11_00_01)).ToScalar();
    }

    /// <summary>The first of splits <c>[from, to)</c> (by threshold, none NaN) whose threshold is not below <paramref name="value"/>.</summary>
    /// <remarks>
    /// Inlined: a call here would make the JIT keep the block's four value vectors on the stack across it, and reload
    /// them in the scan (the SysV ABI saves no vector register), which cost 15% where tiered PGO did not inline it
    /// (as in the native-AOT functions).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
        var left = ((1UL << (leaves - first)) - 1) << first;
        splits.Add(new Split(node.FeatureWord & int.MaxValue, node.Threshold, tree, left, node.FeatureWord < 0));
        return Number(nodes, node.Right, tree, ref leaves, splits, out reason);
    }

    private readonly record struct Split(int Feature, float Threshold, int Tree, ulong Left, bool NanLeft);
}

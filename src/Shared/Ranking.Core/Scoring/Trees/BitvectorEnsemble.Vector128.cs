using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// The scan in 128-bit vectors, for hosts without AVX2 (ARM64's AdvSimd, older x86): the same records and the same
/// 32-document blocks, each value column eight vectors of four and each bitvector byte two vectors of sixteen. Written
/// with the portable <see cref="Vector128"/> operations, so every host with 128-bit vectors compiles it to its own
/// instructions, but for one x86 narrowing (<see cref="Pack128"/>).
/// </summary>
/// <remarks>
/// A second copy of the 256-bit scan's loop, on purpose: the scan written once over the width (a generic method over a
/// struct holding the block's vectors, every member inlined) compiled to the same inner loops, yet measured 5-10% slower
/// at both widths (synthetic ensemble, 500 documents: 5.5-5.8 against 5.2-5.3 ns/doc/tree in 256 bits).
/// </remarks>
internal sealed partial class BitvectorEnsemble
{
    /// <summary>As <see cref="ScoreBlock"/>, in 128-bit vectors.</summary>
    private void ScoreBlock128(int width, Span<byte> masks, ReadOnlySpan<float> columns, Span<float> sums)
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
            var x0 = Vector128.LoadUnsafe(ref column);
            var x1 = Vector128.LoadUnsafe(ref column, 4);
            var x2 = Vector128.LoadUnsafe(ref column, 8);
            var x3 = Vector128.LoadUnsafe(ref column, 12);
            var x4 = Vector128.LoadUnsafe(ref column, 16);
            var x5 = Vector128.LoadUnsafe(ref column, 20);
            var x6 = Vector128.LoadUnsafe(ref column, 24);
            var x7 = Vector128.LoadUnsafe(ref column, 28);
            var n0 = Vector128.Equals(x0, x0);
            var n1 = Vector128.Equals(x1, x1);
            var n2 = Vector128.Equals(x2, x2);
            var n3 = Vector128.Equals(x3, x3);
            var n4 = Vector128.Equals(x4, x4);
            var n5 = Vector128.Equals(x5, x5);
            var n6 = Vector128.Equals(x6, x6);
            var n7 = Vector128.Equals(x7, x7);
            if (!Vector128.EqualsAll((((n0 & n1) & (n2 & n3)) & ((n4 & n5) & (n6 & n7))).AsInt32(), Vector128<int>.AllBitsSet))
            {
                // As in the 256-bit scan: NaN lanes take the split's side, to the feature's last split.
                ref var nanRight = ref MemoryMarshal.GetArrayDataReference(NanRight);
                for (var scan = ScanStart[f]; k < scan; k++)
                {
                    var side = Vector128.Create(Unsafe.Add(ref nanRight, k)).AsSingle();
                    Clear128(ref bitvectors, Unsafe.Add(ref splits, k), Pack128(n0 | side, n1 | side, n2 | side, n3 | side), Pack128(n4 | side, n5 | side, n6 | side, n7 | side));
                }

                for (; k < end; k++)
                {
                    ref var split = ref Unsafe.Add(ref splits, k);
                    var t = Vector128.Create(split.Threshold);
                    var side = Vector128.Create(Unsafe.Add(ref nanRight, k)).AsSingle();
                    Clear128(
                        ref bitvectors,
                        split,
                        Pack128(
                            Vector128.LessThan(t, x0) | Vector128.AndNot(side, n0),
                            Vector128.LessThan(t, x1) | Vector128.AndNot(side, n1),
                            Vector128.LessThan(t, x2) | Vector128.AndNot(side, n2),
                            Vector128.LessThan(t, x3) | Vector128.AndNot(side, n3)),
                        Pack128(
                            Vector128.LessThan(t, x4) | Vector128.AndNot(side, n4),
                            Vector128.LessThan(t, x5) | Vector128.AndNot(side, n5),
                            Vector128.LessThan(t, x6) | Vector128.AndNot(side, n6),
                            Vector128.LessThan(t, x7) | Vector128.AndNot(side, n7)));
                }

                continue;
            }

            for (var scan = ScanStart[f]; k < scan; k++)
            {
                Clear128(ref bitvectors, Unsafe.Add(ref splits, k), Vector128<byte>.AllBitsSet, Vector128<byte>.AllBitsSet);
            }

            // No NaN here, so the host's own maximum will do (Max orders -0 below +0 and NaN, at ten instructions each).
            var largest = Vector128.MaxNative(
                Vector128.MaxNative(Vector128.MaxNative(x0, x1), Vector128.MaxNative(x2, x3)),
                Vector128.MaxNative(Vector128.MaxNative(x4, x5), Vector128.MaxNative(x6, x7)));
            largest = Vector128.MaxNative(largest, Vector128.Shuffle(largest, Vector128.Create(2, 3, 0, 1)));
            largest = Vector128.MaxNative(largest, Vector128.Shuffle(largest, Vector128.Create(1, 0, 3, 2)));
            ref var stop = ref Unsafe.Add(ref splits, FirstNotBelow(k, end, largest.ToScalar()));
            for (ref var split = ref Unsafe.Add(ref splits, k); Unsafe.IsAddressLessThan(ref split, ref stop); split = ref Unsafe.Add(ref split, 1))
            {
                var t = Vector128.Create(split.Threshold);
                Clear128(
                    ref bitvectors,
                    split,
                    Pack128(Vector128.LessThan(t, x0), Vector128.LessThan(t, x1), Vector128.LessThan(t, x2), Vector128.LessThan(t, x3)),
                    Pack128(Vector128.LessThan(t, x4), Vector128.LessThan(t, x5), Vector128.LessThan(t, x6), Vector128.LessThan(t, x7)));
            }
        }

        ExitLeaves128(ref bitvectors, sums);
    }

    /// <summary>As <see cref="ExitLeaves"/>, sixteen documents a vector: documents 0-15, then 16-31 (16 bytes on).</summary>
    private void ExitLeaves128(ref byte bitvectors, Span<float> sums)
    {
        var low = LowNibbleBit;
        var high = HighNibbleBit;
        var nibble = Vector128.Create((byte)0x0F);
        var eight = Vector128.Create((byte)8);
        var s0 = Vector128<float>.Zero;
        var s1 = Vector128<float>.Zero;
        var s2 = Vector128<float>.Zero;
        var s3 = Vector128<float>.Zero;
        var s4 = Vector128<float>.Zero;
        var s5 = Vector128<float>.Zero;
        var s6 = Vector128<float>.Zero;
        var s7 = Vector128<float>.Zero;
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(Leaves);
        ref var starts = ref MemoryMarshal.GetArrayDataReference(ByteStart);
        Span<byte> exitSpan = stackalloc byte[Block];
        ref var exits = ref MemoryMarshal.GetReference(exitSpan);
        for (var t = 0; t < TreeCount; t++, leaves = ref Unsafe.Add(ref leaves, MaxLeaves))
        {
            var from = Unsafe.Add(ref starts, t);
            var j = Unsafe.Add(ref starts, t + 1) - 1;
            var first = Vector128.Create((byte)(8 * (j - from)));
            var offset0 = first;
            var offset1 = first;
            var bits0 = Vector128.LoadUnsafe(ref Unsafe.Add(ref bitvectors, j * Block));
            var bits1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref bitvectors, (j * Block) + 16));
            while (--j >= from)
            {
                first -= eight;
                var earlier0 = Vector128.LoadUnsafe(ref Unsafe.Add(ref bitvectors, j * Block));
                var earlier1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref bitvectors, (j * Block) + 16));
                var empty0 = Vector128.Equals(earlier0, Vector128<byte>.Zero);
                var empty1 = Vector128.Equals(earlier1, Vector128<byte>.Zero);
                bits0 = Vector128.ConditionalSelect(empty0, bits0, earlier0);
                bits1 = Vector128.ConditionalSelect(empty1, bits1, earlier1);
                offset0 = Vector128.ConditionalSelect(empty0, offset0, first);
                offset1 = Vector128.ConditionalSelect(empty1, offset1, first);
            }

            (offset0 + LowestBit(bits0, low, high, nibble)).StoreUnsafe(ref exits);
            (offset1 + LowestBit(bits1, low, high, nibble)).StoreUnsafe(ref exits, 16);
            s0 += FourLeaves(ref leaves, ref exits);
            s1 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 4));
            s2 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 8));
            s3 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 12));
            s4 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 16));
            s5 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 20));
            s6 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 24));
            s7 += FourLeaves(ref leaves, ref Unsafe.Add(ref exits, 28));
        }

        var baseValue = Vector128.Create(BaseValue);
        ref var sum = ref MemoryMarshal.GetReference(sums);
        (s0 + baseValue).StoreUnsafe(ref sum);
        (s1 + baseValue).StoreUnsafe(ref sum, 4);
        (s2 + baseValue).StoreUnsafe(ref sum, 8);
        (s3 + baseValue).StoreUnsafe(ref sum, 12);
        (s4 + baseValue).StoreUnsafe(ref sum, 16);
        (s5 + baseValue).StoreUnsafe(ref sum, 20);
        (s6 + baseValue).StoreUnsafe(ref sum, 24);
        (s7 + baseValue).StoreUnsafe(ref sum, 28);
    }

    /// <summary>The values of four documents' exit leaves (<paramref name="exits"/>) in one tree (<paramref name="leaves"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> FourLeaves(ref float leaves, ref byte exits) => Vector128.Create(
        Unsafe.Add(ref leaves, exits),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 1)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 2)),
        Unsafe.Add(ref leaves, Unsafe.Add(ref exits, 3)));

    /// <summary>The lowest set bit of each byte, by nibble lookups (<paramref name="low"/>, <paramref name="high"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> LowestBit(Vector128<byte> bits, Vector128<byte> low, Vector128<byte> high, Vector128<byte> nibble) =>
        Vector128.Min(Vector128.Shuffle(low, bits & nibble), Vector128.Shuffle(high, Vector128.ShiftRightLogical(bits.AsUInt16(), 4).AsByte() & nibble));

    /// <summary>
    /// Four comparisons of four lanes as 16 bytes, lane order kept. A comparison's lanes are 0 or -1, which saturating
    /// and truncating narrowing keep alike: x86 saturates in one instruction a step, where truncating would mask first
    /// (ARM64 truncates in one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Pack128(Vector128<float> c0, Vector128<float> c1, Vector128<float> c2, Vector128<float> c3) => Sse2.IsSupported
        ? Sse2.PackSignedSaturate(Sse2.PackSignedSaturate(c0.AsInt32(), c1.AsInt32()), Sse2.PackSignedSaturate(c2.AsInt32(), c3.AsInt32())).AsByte()
        : Vector128.Narrow(Vector128.Narrow(c0.AsInt32(), c1.AsInt32()), Vector128.Narrow(c2.AsInt32(), c3.AsInt32())).AsByte();

    /// <summary>As <see cref="Clear"/>: documents 0-15 (<paramref name="right0"/>), then 16-31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear128(ref byte bitvectors, in BitvectorSplit split, Vector128<byte> right0, Vector128<byte> right1)
    {
        ref var at = ref Unsafe.Add(ref bitvectors, split.Offset);
        var clear = Vector128.Create(split.Clear).AsByte();
        Vector128.AndNot(Vector128.LoadUnsafe(ref at), right0 & clear).StoreUnsafe(ref at);
        Vector128.AndNot(Vector128.LoadUnsafe(ref at, 16), right1 & clear).StoreUnsafe(ref at, 16);
    }
}

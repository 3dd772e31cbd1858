using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// Scores an ONNX <c>TreeEnsembleRegressor</c> model natively, giving exactly ONNX Runtime's floats: the same float32
/// comparisons and NaN sides, leaves summed in float32 in tree order from 0, the base value added last.
/// (ONNX Runtime sums in tree order when it runs on one thread, as <see cref="OnnxScorer"/> does.)
/// </summary>
/// <remarks>
/// Two layouts, picked at load by the ensemble's shape (measured in bench/Ranking.Benchmarks/README.md):
/// <list type="bullet">
/// <item><see cref="BitvectorEnsemble"/> (QuickScorer) whenever every tree has at most 64 leaves: per document, one
/// forward scan per feature over its splits sorted by threshold, then each tree's exit leaf from its 64-bit mask. On
/// the default feed model it takes about 0.4x of ONNX Runtime's time and 0.4x of the blocked walk's.</item>
/// <item><see cref="BlockedEnsemble"/> otherwise: documents in blocks of 64, trees one after another, the 64 walks
/// advancing in lockstep for the tree's depth, each step a branch-free pick of <c>ref Left + (x &gt; t)</c>. A
/// per-document walk that stops at its leaf measured 2-2.6x slower: its loop exit mispredicts.</item>
/// </list>
/// Both sum the leaves in tree order in float32 and are checked bit for bit against ONNX Runtime in the tests. Built
/// once at load; immutable, so safe to share between concurrent requests.
/// </remarks>
public sealed class TreeEnsembleScorer : IScorer
{
    private const int Block = 64;

    // Exactly one is set: the layout the scorer picked. The other is not kept (a large ensemble's nodes are a megabyte).
    private readonly BlockedEnsemble? _blocked;
    private readonly BitvectorEnsemble? _bitvectors;

    private TreeEnsembleScorer(BlockedEnsemble? blocked, BitvectorEnsemble? bitvectors, int featureCount)
    {
        _blocked = blocked;
        _bitvectors = bitvectors;
        FeatureCount = featureCount;
    }

    public int FeatureCount { get; }

    /// <summary>
    /// Builds a native scorer for <paramref name="onnx"/>, or says why it cannot reproduce ONNX Runtime exactly
    /// (another operator or more nodes, a categorical or unknown mode, a double-typed tensor, a post transform...),
    /// in which case the caller keeps ONNX Runtime for this model.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The bytes are not an ONNX model, the graph lacks <paramref name="input"/> or <paramref name="output"/>, the
    /// ensemble has more than one target, or its attributes are inconsistent: ONNX Runtime would not serve it either.
    /// </exception>
    public static bool TryCreate(
        byte[] onnx,
        string input,
        string output,
        int featureCount,
        [NotNullWhen(true)] out IScorer? scorer,
        [NotNullWhen(false)] out string? reason) =>
        TryCreate(onnx, input, output, featureCount, layout: null, out scorer, out reason);

    /// <summary>As the public overload, with the layout forced (tests and benchmarks compare them); null picks by the rule.</summary>
    internal static bool TryCreate(
        byte[] onnx,
        string input,
        string output,
        int featureCount,
        TreeLayout? layout,
        [NotNullWhen(true)] out IScorer? scorer,
        [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        scorer = null;
        var graph = OnnxGraph.Parse(onnx);
        if (!TreeEnsembleReader.TryRead(graph, input, output, featureCount, out var definition, out reason)
            || !BlockedEnsemble.TryBuild(definition, out var ensemble, out reason))
        {
            return false;
        }

        BitvectorEnsemble? bitvectors = null;
        if (layout != TreeLayout.Blocked && !BitvectorEnsemble.TryBuild(ensemble, featureCount, out bitvectors, out var unfit) && layout == TreeLayout.Bitvector)
        {
            reason = unfit;
            return false;
        }

        scorer = new TreeEnsembleScorer(bitvectors is null ? ensemble : null, bitvectors, featureCount);
        return true;
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (matrix.Length / FeatureCount < rows || scores.Length < rows)
        {
            throw new ArgumentException($"Buffers too small for {rows} rows of {FeatureCount} features.");
        }

        if (_bitvectors is { } bitvectors)
        {
            ScoreBitvectors(bitvectors, matrix, rows, scores);
        }
        else if (_blocked is { HasNanLeft: true } nanLeft)
        {
            ScoreBlocks<NanByNode>(nanLeft, matrix, rows, scores);
        }
        else if (_blocked is { } blocked)
        {
            ScoreBlocks<NanGoesRight>(blocked, matrix, rows, scores);
        }
    }

    public void Dispose()
    {
    }

    private void ScoreBlocks<TPolicy>(BlockedEnsemble ensemble, ReadOnlySpan<float> matrix, int rows, Span<float> scores)
        where TPolicy : struct, IMissingPolicy
    {
        Span<int> cursor = stackalloc int[Block];
        Span<float> sums = stackalloc float[Block];
        var width = FeatureCount;
        var roots = ensemble.Roots;
        var depths = ensemble.Depths;
        var baseValue = ensemble.BaseValue;
        // Bounds were checked above and at build (every feature < width, every child a node), so the walk reads unchecked.
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(ensemble.Nodes);
        ref var first = ref MemoryMarshal.GetReference(matrix);
        for (var start = 0; start < rows; start += Block)
        {
            var count = Math.Min(Block, rows - start);
            ref var block = ref Unsafe.Add(ref first, (nint)start * width);
            sums.Clear();
            for (var t = 0; t < roots.Length; t++)
            {
                cursor.Fill(roots[t]);
                for (var step = depths[t]; step > 0; step--)
                {
                    ref var at = ref MemoryMarshal.GetReference(cursor);
                    ref var row = ref block;
                    for (var i = 0; i < count; i++)
                    {
                        ref var node = ref Unsafe.Add(ref nodes, at);
                        var x = Unsafe.Add(ref row, TPolicy.Feature(node.FeatureWord));
                        at = Unsafe.Add(ref node.Left, TPolicy.Side(x, node.Threshold, node.FeatureWord));
                        at = ref Unsafe.Add(ref at, 1);
                        row = ref Unsafe.Add(ref row, width);
                    }
                }

                // Tree order, in float32, as ONNX Runtime's TreeAggregatorSum adds them.
                for (var i = 0; i < count; i++)
                {
                    sums[i] += Unsafe.Add(ref nodes, cursor[i]).Threshold;
                }
            }

            for (var i = 0; i < count; i++)
            {
                scores[start + i] = sums[i] + baseValue;
            }
        }
    }

    private void ScoreBitvectors(BitvectorEnsemble ensemble, ReadOnlySpan<float> matrix, int rows, Span<float> scores)
    {
        var trees = ensemble.TreeCount;
        ulong[]? rented = null;
        var masks = trees <= 512 ? stackalloc ulong[trees] : (rented = ArrayPool<ulong>.Shared.Rent(trees)).AsSpan(0, trees);
        try
        {
            var width = FeatureCount;
            var starts = ensemble.FeatureStart;
            ref var thresholds = ref MemoryMarshal.GetArrayDataReference(ensemble.Thresholds);
            ref var owners = ref MemoryMarshal.GetArrayDataReference(ensemble.Trees);
            ref var splitMasks = ref MemoryMarshal.GetArrayDataReference(ensemble.Masks);
            ref var nanLeft = ref MemoryMarshal.GetArrayDataReference(ensemble.NanLeft);
            ref var leaves = ref MemoryMarshal.GetArrayDataReference(ensemble.Leaves);
            ref var treeMasks = ref MemoryMarshal.GetReference(masks);
            for (var r = 0; r < rows; r++)
            {
                masks.Fill(ulong.MaxValue);
                var row = matrix.Slice(r * width, width);
                for (var f = 0; f < width; f++)
                {
                    var k = starts[f];
                    var end = starts[f + 1];
                    var x = row[f];
                    if (float.IsNaN(x))
                    {
                        // NaN goes right at every split that does not send it left.
                        for (; k < end; k++)
                        {
                            if (Unsafe.Add(ref nanLeft, k) == 0)
                            {
                                Unsafe.Add(ref treeMasks, Unsafe.Add(ref owners, k)) &= Unsafe.Add(ref splitMasks, k);
                            }
                        }

                        continue;
                    }

                    // Splits that send every number right, then thresholds ascending: every one below x sends it
                    // right, and the first that does not ends the scan.
                    var scan = ensemble.ScanStart[f];
                    for (; k < scan; k++)
                    {
                        Unsafe.Add(ref treeMasks, Unsafe.Add(ref owners, k)) &= Unsafe.Add(ref splitMasks, k);
                    }

                    for (; k < end && Unsafe.Add(ref thresholds, k) < x; k++)
                    {
                        Unsafe.Add(ref treeMasks, Unsafe.Add(ref owners, k)) &= Unsafe.Add(ref splitMasks, k);
                    }
                }

                // Tree order, in float32, as ONNX Runtime's TreeAggregatorSum adds them.
                var sum = 0f;
                for (var t = 0; t < trees; t++)
                {
                    sum += Unsafe.Add(ref leaves, (t * BitvectorEnsemble.MaxLeaves) + BitOperations.TrailingZeroCount(Unsafe.Add(ref treeMasks, t)));
                }

                scores[r] = sum + ensemble.BaseValue;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// Scores an ONNX <c>TreeEnsembleRegressor</c> model natively, giving exactly ONNX Runtime's floats: the same float32
/// comparisons and NaN sides, leaves summed in float32 in tree order from 0, the base value added last.
/// (ONNX Runtime sums in tree order when it runs on one thread, as <see cref="OnnxScorer"/> does.)
/// </summary>
/// <remarks>
/// Two layouts, picked at load by the ensemble's shape (measured in bench/Ranking.Benchmarks/README.md):
/// <list type="bullet">
/// <item><see cref="BitvectorEnsemble"/> (QuickScorer) whenever every tree has at most 64 leaves: documents in blocks of
/// 32, one forward scan per feature over its splits sorted by threshold with each threshold compared against the
/// block's 32 values at once, then each tree's exit leaf from its leaf bitvector, kept by byte (one 256-bit vector
/// holds a byte of all 32 documents'). In 256-bit vectors where the host has AVX2, else in 128-bit ones (ARM64), which
/// measured 0.07-0.09x ONNX Runtime on the feed model and 0.24-0.26x on the synthetic one, against 0.07-0.08 and 0.14-0.18
/// for 256 bits and 0.68-0.98 for the blocked walk.</item>
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
    /// The layout serving, as the load log reports it: the bitvector scan in 256-bit vectors only where AVX2 runs, which
    /// a native-AOT build fixes when it is compiled (the functions' x86-64-v3).
    /// </summary>
    public string Layout => _bitvectors switch
    {
        null => "blocked walk",
        { Wide: true } => $"bitvector, {BitvectorEnsemble.Block} documents per block",
        _ => $"bitvector in 128-bit vectors, {BitvectorEnsemble.Block} documents per block",
    };

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
        var wide = layout is null ? Avx2.IsSupported : layout == TreeLayout.Bitvector;
        if (layout != TreeLayout.Blocked && !BitvectorEnsemble.TryBuild(ensemble, featureCount, wide, out bitvectors, out var unfit) && layout is not null)
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
            bitvectors.Score(matrix, rows, FeatureCount, scores);
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
}

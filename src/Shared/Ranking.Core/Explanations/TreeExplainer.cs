using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Explanations;

/// <summary>
/// Each feature's contribution to a tree ensemble's score for one row: path-dependent TreeSHAP (Lundberg et al.,
/// "Consistent individualized feature attribution for tree ensembles", Algorithm 2), exact for trees, in double. For
/// every row, <see cref="BaseValue"/> plus the contributions is the score (up to the scorer's float32 sums).
/// </summary>
/// <remarks>
/// The trees are the ONNX model's own, read as the native scorer reads them, and a row's path is decided by
/// <see cref="DecisionNode.Next"/>, the scorer's float32 comparison and NaN side, so what is explained is the path
/// that produced the score. The branch a row does not take is weighed by the node covers (<see cref="Covers"/>).
/// Immutable after construction and safe to share; each call rents its own scratch.
/// </remarks>
public sealed class TreeExplainer
{
    private readonly DecisionNode[][] _trees;

    // Per tree and node: the node's share of its parent's cover, what a row that does not know the split feature
    // sends down that branch. The base value is computed with the same shares, so base + contributions == score.
    private readonly double[][] _shares;
    private readonly int _pathLength;
    private readonly double[] _inverse;

    private TreeExplainer(TreeEnsembleDefinition definition, double[][] covers, CoverSource source)
    {
        _trees = definition.Trees;
        _shares = new double[_trees.Length][];
        FeatureCount = definition.FeatureCount;
        Covers = source;
        double expected = definition.BaseValue;
        var depth = 0;
        for (var t = 0; t < _trees.Length; t++)
        {
            _shares[t] = Shares(_trees[t], covers[t]);
            expected += Expected(_trees[t], _shares[t], 0);
            depth = Math.Max(depth, Depth(_trees[t], 0));
        }

        BaseValue = expected;
        // Each level of the recursion keeps its own copy of the path, one element longer than its parent's.
        _pathLength = (depth + 3) * (depth + 4) / 2;
        _inverse = new double[depth + 3];
        for (var k = 1; k < _inverse.Length; k++)
        {
            _inverse[k] = 1.0 / k;
        }
    }

    /// <summary>The expected score over the covers' rows: the score with no feature known.</summary>
    public double BaseValue { get; }

    public int FeatureCount { get; }

    public CoverSource Covers { get; }

    /// <summary>
    /// An explainer for an ONNX tree ensemble, with covers from <paramref name="trainerModel"/> when it matches the
    /// ONNX trees, else counted from <paramref name="holdoutRows"/> (row-major, <paramref name="featureCount"/> wide)
    /// when there are any; <paramref name="reason"/> says why neither serves.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model or lack the named input or output.</exception>
    public static bool TryCreate(
        byte[] onnx,
        string input,
        string output,
        int featureCount,
        LightGbmModelText? trainerModel,
        ReadOnlySpan<float> holdoutRows,
        [NotNullWhen(true)] out TreeExplainer? explainer,
        [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        explainer = null;
        if (!TreeEnsembleReader.TryRead(OnnxGraph.Parse(onnx), input, output, featureCount, out var definition, out reason))
        {
            return false;
        }

        if (trainerModel is not null && TreeCovers.TryFromLightGbm(definition, trainerModel, out var covers, out reason))
        {
            explainer = new TreeExplainer(definition, covers, CoverSource.TrainerModel);
            return true;
        }

        if (holdoutRows.Length >= featureCount)
        {
            explainer = new TreeExplainer(definition, TreeCovers.FromRows(definition, holdoutRows, featureCount), CoverSource.Holdout);
            reason = null;
            return true;
        }

        reason ??= "the package has neither lightgbm.txt nor holdout rows to take node covers from";
        return false;
    }

    /// <summary>
    /// Writes each row's contributions, <see cref="FeatureCount"/> per row, into <paramref name="contributions"/>
    /// (row-major, overwritten) for the first <paramref name="rows"/> rows of <paramref name="matrix"/>.
    /// </summary>
    public void Explain(ReadOnlySpan<float> matrix, int rows, Span<double> contributions)
    {
        var width = FeatureCount;
        if (matrix.Length < rows * width || contributions.Length < rows * width)
        {
            throw new ArgumentException($"Buffers too small for {rows} rows of {width} features.");
        }

        contributions[..(rows * width)].Clear();
        var path = ArrayPool<PathElement>.Shared.Rent(_pathLength);
        try
        {
            for (var r = 0; r < rows; r++)
            {
                var row = matrix.Slice(r * width, width);
                var phi = contributions.Slice(r * width, width);
                for (var t = 0; t < _trees.Length; t++)
                {
                    Recurse(_trees[t], _shares[t], 0, row, phi, path, 0, 0, 1, 1, -1, _inverse);
                }
            }
        }
        finally
        {
            ArrayPool<PathElement>.Shared.Return(path);
        }
    }

    /// <summary>One node of Algorithm 2: the path so far lives at <paramref name="parentOffset"/>, this level's copy after it.</summary>
    private static void Recurse(
        DecisionNode[] tree,
        double[] shares,
        int at,
        ReadOnlySpan<float> row,
        Span<double> phi,
        PathElement[] path,
        int parentOffset,
        int depth,
        double zero,
        double one,
        int feature,
        ReadOnlySpan<double> inverse)
    {
        if (zero == 0 && one == 0)
        {
            // A branch no covered row takes and the row does not take either: every subset's weight through it is 0.
            return;
        }

        var offset = parentOffset + depth + 1;
        path.AsSpan(parentOffset, depth + 1).CopyTo(path.AsSpan(offset));
        var m = path.AsSpan(offset, depth + 1);
        Extend(m, depth, zero, one, feature, inverse);
        var node = tree[at];
        if (node.IsLeaf)
        {
            for (var i = 1; i <= depth; i++)
            {
                if (m[i].One != m[i].Zero)
                {
                    phi[m[i].Feature] += UnwoundSum(m, depth, i, inverse) * (m[i].One - m[i].Zero) * node.Value;
                }
            }

            return;
        }

        var hot = node.Next(row[node.Feature]);
        var cold = hot == node.True ? node.False : node.True;
        var incomingZero = 1.0;
        var incomingOne = 1.0;
        for (var k = 1; k <= depth; k++)
        {
            if (m[k].Feature == node.Feature)
            {
                // The feature split before on this path: undo that split and redo it here with both fractions combined.
                incomingZero = m[k].Zero;
                incomingOne = m[k].One;
                Unwind(m, depth, k, inverse);
                depth--;
                break;
            }
        }

        Recurse(tree, shares, hot, row, phi, path, offset, depth + 1, shares[hot] * incomingZero, incomingOne, node.Feature, inverse);
        Recurse(tree, shares, cold, row, phi, path, offset, depth + 1, shares[cold] * incomingZero, 0, node.Feature, inverse);
    }

    // A path element's "one" is 1 on the row's own branch and 0 off it (never anything else), so "/ one" is dropped
    // below; divisions by small integers are multiplications by the reciprocals in "inverse" (inverse[k] = 1 / k).
    private static void Extend(Span<PathElement> m, int depth, double zero, double one, int feature, ReadOnlySpan<double> inverse)
    {
        m[depth] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
        var scale = inverse[depth + 1];
        for (var i = depth - 1; i >= 0; i--)
        {
            var weight = m[i].Weight * scale;
            m[i + 1].Weight += one * weight * (i + 1);
            m[i].Weight = zero * weight * (depth - i);
        }
    }

    private static void Unwind(Span<PathElement> m, int depth, int index, ReadOnlySpan<double> inverse)
    {
        var one = m[index].One;
        var zero = m[index].Zero;
        var next = m[depth].Weight;
        var scale = inverse[depth + 1];
        for (var j = depth - 1; j >= 0; j--)
        {
            if (one != 0)
            {
                var weight = m[j].Weight;
                m[j].Weight = next * (depth + 1) * inverse[j + 1];
                next = weight - (m[j].Weight * zero * (depth - j) * scale);
            }
            else
            {
                m[j].Weight = m[j].Weight * (depth + 1) * inverse[depth - j] / zero;
            }
        }

        for (var j = index; j < depth; j++)
        {
            m[j].Feature = m[j + 1].Feature;
            m[j].Zero = m[j + 1].Zero;
            m[j].One = m[j + 1].One;
        }
    }

    /// <summary>The total weight of the path with element <paramref name="index"/> taken out, without changing it.</summary>
    private static double UnwoundSum(ReadOnlySpan<PathElement> m, int depth, int index, ReadOnlySpan<double> inverse)
    {
        var zero = m[index].Zero;
        var next = m[depth].Weight;
        var total = 0.0;
        if (m[index].One != 0)
        {
            var scale = zero * inverse[depth + 1];
            for (var j = depth - 1; j >= 0; j--)
            {
                var weight = next * (depth + 1) * inverse[j + 1];
                total += weight;
                next = m[j].Weight - (weight * scale * (depth - j));
            }
        }
        else
        {
            for (var j = depth - 1; j >= 0; j--)
            {
                total += m[j].Weight * inverse[depth - j];
            }

            total *= (depth + 1) / zero;
        }

        return total;
    }

    /// <summary>Each node's cover over its parent's; an uncovered parent splits its (zero) rows evenly.</summary>
    private static double[] Shares(DecisionNode[] tree, double[] covers)
    {
        var shares = new double[tree.Length];
        shares[0] = 1;
        for (var i = 0; i < tree.Length; i++)
        {
            if (!tree[i].IsLeaf)
            {
                var parent = covers[i];
                shares[tree[i].True] = parent > 0 ? covers[tree[i].True] / parent : 0.5;
                shares[tree[i].False] = parent > 0 ? covers[tree[i].False] / parent : 0.5;
            }
        }

        return shares;
    }

    private static double Expected(DecisionNode[] tree, double[] shares, int at) => tree[at].IsLeaf
        ? tree[at].Value
        : (shares[tree[at].True] * Expected(tree, shares, tree[at].True)) + (shares[tree[at].False] * Expected(tree, shares, tree[at].False));

    private static int Depth(DecisionNode[] tree, int at) =>
        tree[at].IsLeaf ? 0 : 1 + Math.Max(Depth(tree, tree[at].True), Depth(tree, tree[at].False));
}

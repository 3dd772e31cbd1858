namespace Ranking.Core.Monitoring;

/// <summary>
/// What a model saw in training, to compare serving with (DESIGN.md, "Monitoring"): per feature and for the scores,
/// the deciles of the training rows as bin edges, each bin's share, and the share of missing values. Part of the
/// manifest, so every property name is stored data.
/// </summary>
public sealed class DriftBaseline
{
    /// <summary>Training rows the baseline was computed over.</summary>
    public int Rows { get; init; }

    /// <summary>One per model feature, in the manifest's order.</summary>
    public required IReadOnlyList<Distribution> Features { get; init; }
    public required Distribution Score { get; init; }
}

/// <summary>
/// A distribution as bins: value <c>v</c> falls in bin <c>i</c>, the number of edges below it
/// (<see cref="Bin"/>), so <see cref="Shares"/> has one more entry than <see cref="Edges"/>. Missing values (NaN)
/// are counted apart, as a share of all rows.
/// </summary>
public sealed class Distribution
{
    public string? Name { get; init; }

    /// <summary>Ascending, distinct: the deciles of the non-missing values, ties merged.</summary>
    public required double[] Edges { get; init; }

    /// <summary>Each bin's share of the non-missing values; sums to 1 (0 when every value was missing).</summary>
    public required double[] Shares { get; init; }
    public double Missing { get; init; }

    /// <summary>
    /// Whether the bins can be counted into: one more share than edges, edges finite and ascending. A manifest is edited
    /// by people and tools; a baseline that fails this is not used (binning into it would index past the shares).
    /// </summary>
    public bool IsWellFormed()
    {
        if (Edges is null || Shares is null || Shares.Length != Edges.Length + 1)
        {
            return false;
        }

        for (var i = 0; i < Edges.Length; i++)
        {
            if (!double.IsFinite(Edges[i]) || (i > 0 && Edges[i] <= Edges[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bin of a non-missing value: how many edges lie strictly below it.</summary>
    /// <remarks>Deciles give at most 9 edges: counted without a branch, where a binary search's branches on varied values mispredict.</remarks>
    public static int Bin(double[] edges, double value)
    {
        if (edges.Length <= 16)
        {
            var below = 0;
            foreach (var edge in edges)
            {
                below += edge < value ? 1 : 0;
            }

            return below;
        }

        int low = 0, high = edges.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (edges[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

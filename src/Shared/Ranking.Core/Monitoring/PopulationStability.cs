namespace Ranking.Core.Monitoring;

/// <summary>
/// The population stability index of observed bin counts against a baseline: the sum over bins (and the missing
/// "bin") of (observed share - expected share) x ln(observed share / expected share). Under 0.1 is usually read as
/// stable, 0.1-0.2 as a shift worth a look, over 0.2 as a shift that matters.
/// </summary>
public static class PopulationStability
{
    /// <summary>Stands in for an empty bin's share, so one empty bin does not make the index infinite.</summary>
    private const double Floor = 1e-4;

    /// <param name="counts">Observed non-missing values per bin (the baseline's bins).</param>
    /// <param name="missing">Observed missing values.</param>
    public static double Index(Distribution baseline, ReadOnlySpan<long> counts, long missing)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        long present = 0;
        foreach (var count in counts)
        {
            present += count;
        }

        var total = present + missing;
        if (total == 0)
        {
            return 0;
        }

        var index = Term(baseline.Missing, missing / (double)total);
        for (var b = 0; b < baseline.Shares.Length; b++)
        {
            // Shares of all rows on both sides: the missing share and the bins together sum to 1.
            var expected = baseline.Shares[b] * (1 - baseline.Missing);
            var observed = counts[b] / (double)total;
            index += Term(expected, observed);
        }

        return index;
    }

    private static double Term(double expected, double observed)
    {
        var (e, o) = (Math.Max(expected, Floor), Math.Max(observed, Floor));
        return (o - e) * Math.Log(o / e);
    }
}

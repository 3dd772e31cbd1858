namespace Ranking.Core.Evaluation;

/// <summary>Spearman's rank correlation between two score lists (ties share their average rank).</summary>
public static class RankCorrelation
{
    /// <returns>From -1 (opposite orders) to 1 (same order); 1 for fewer than two items or when both lists are constant.</returns>
    public static double Spearman(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"{a.Length} scores against {b.Length}.", nameof(b));
        }

        if (a.Length < 2)
        {
            return 1;
        }

        var ra = Ranks(a);
        var rb = Ranks(b);
        double mean = (a.Length + 1) / 2.0, cov = 0, va = 0, vb = 0;
        for (var i = 0; i < ra.Length; i++)
        {
            cov += (ra[i] - mean) * (rb[i] - mean);
            va += (ra[i] - mean) * (ra[i] - mean);
            vb += (rb[i] - mean) * (rb[i] - mean);
        }

        return va == 0 || vb == 0 ? (va == vb ? 1 : 0) : cov / Math.Sqrt(va * vb);
    }

    private static double[] Ranks(ReadOnlySpan<float> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[scores.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && keys[end + 1] == keys[start])
            {
                end++;
            }

            var average = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = average;
            }

            start = end + 1;
        }

        return ranks;
    }
}

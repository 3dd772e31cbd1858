namespace Ranking.Training.Experiments;

/// <summary>The exact two-sided binomial test of <c>p = 1/2</c>, as an interleaving's wins are judged.</summary>
public static class BinomialTest
{
    /// <summary>
    /// The probability, under a fair coin, of an outcome of <paramref name="n"/> flips at most as likely as
    /// <paramref name="k"/> heads (the two-sided exact p-value); 1 when <paramref name="n"/> is 0.
    /// </summary>
    public static double TwoSided(long k, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n == 0)
        {
            return 1;
        }

        // Under p = 1/2 the distribution is symmetric: the outcomes at most as likely as k are the two tails beyond
        // min(k, n - k), each summed in log space so large n does not underflow term by term.
        var tail = Math.Min(k, n - k);
        var logFactorials = LogFactorials(n);
        var logHalfPower = n * Math.Log(0.5);
        var sum = 0.0;
        for (var i = 0L; i <= tail; i++)
        {
            sum += Math.Exp(logFactorials[n] - logFactorials[i] - logFactorials[n - i] + logHalfPower);
        }

        // Both tails, except when they are the same middle outcome (k = n / 2), which is then every outcome.
        return Math.Min(1, 2 * k == n ? 1 : 2 * sum);
    }

    private static double[] LogFactorials(long n)
    {
        var table = new double[n + 1];
        for (var i = 1L; i <= n; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}

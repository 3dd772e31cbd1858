using System.Buffers;

namespace Ranking.Core.Evaluation;

/// <summary>
/// NDCG@k (gain 2^label - 1, discount 1 / log2(rank + 1)), MAP and MRR (relevant = label &gt; 0) over a grouped set.
/// Rows are ranked by score descending, ties by original order. Each query borrows one pooled buffer: no
/// allocation per query.
/// </summary>
public static class RankingEvaluator
{
    private static readonly int[] s_cutoffs = [1, 3, 5, 10];

    /// <param name="labels">One label per row, the rows of each query contiguous.</param>
    /// <param name="scores">One score per row, aligned with <paramref name="labels"/>.</param>
    /// <param name="groupSizes">Rows per query, in row order; they add up to the row count.</param>
    /// <param name="policy">How queries without a relevant item count; see <see cref="NoRelevantPolicy"/>.</param>
    public static RankingMetrics Evaluate(
        ReadOnlySpan<float> labels,
        ReadOnlySpan<float> scores,
        ReadOnlySpan<int> groupSizes,
        NoRelevantPolicy policy = NoRelevantPolicy.ScoreOne)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {scores.Length} scores.", nameof(scores));
        }

        var largest = 0;
        var total = 0;
        foreach (var size in groupSizes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, nameof(groupSizes));
            largest = Math.Max(largest, size);
            total += size;
        }

        if (total != labels.Length)
        {
            throw new ArgumentException($"Group sizes add up to {total} rows but there are {labels.Length}.", nameof(groupSizes));
        }

        Span<double> sums = stackalloc double[6];
        Span<double> query = stackalloc double[6];
        var counted = 0;
        var rented = ArrayPool<ScoredRow>.Shared.Rent(largest);
        try
        {
            var start = 0;
            foreach (var size in groupSizes)
            {
                var rows = rented.AsSpan(0, size);
                if (EvaluateQuery(labels.Slice(start, size), scores.Slice(start, size), rows, query) || policy == NoRelevantPolicy.ScoreOne)
                {
                    Add(sums, query);
                    counted++;
                }
                else if (policy == NoRelevantPolicy.ScoreZero)
                {
                    counted++;
                }

                start += size;
            }
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(rented);
        }

        if (counted == 0)
        {
            return new RankingMetrics(0, 0, 0, 0, 0, 0, 0);
        }

        return new RankingMetrics(counted, sums[0] / counted, sums[1] / counted, sums[2] / counted, sums[3] / counted, sums[4] / counted, sums[5] / counted);
    }

    /// <summary>NDCG@k of one query.</summary>
    public static double Ndcg(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, int k, NoRelevantPolicy policy = NoRelevantPolicy.ScoreOne)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return Single(labels, scores, policy, rows => Dcg(rows, k) / IdealDcg(rows, k));
    }

    /// <summary>Average precision of one query.</summary>
    public static double AveragePrecision(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, NoRelevantPolicy policy = NoRelevantPolicy.ScoreOne) =>
        Single(labels, scores, policy, static rows => AveragePrecision(rows));

    /// <summary>Reciprocal rank of the first relevant item of one query.</summary>
    public static double ReciprocalRank(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, NoRelevantPolicy policy = NoRelevantPolicy.ScoreOne) =>
        Single(labels, scores, policy, static rows => ReciprocalRank(rows));

    private delegate double QueryMetric(Span<ScoredRow> rankedRows);

    /// <returns><see cref="double.NaN"/> when the policy excludes the query.</returns>
    private static double Single(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, NoRelevantPolicy policy, QueryMetric metric)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {scores.Length} scores.", nameof(scores));
        }

        var rented = ArrayPool<ScoredRow>.Shared.Rent(Math.Max(1, labels.Length));
        try
        {
            var rows = rented.AsSpan(0, labels.Length);
            if (!Rank(labels, scores, rows))
            {
                return policy switch
                {
                    NoRelevantPolicy.ScoreOne => 1,
                    NoRelevantPolicy.ScoreZero => 0,
                    _ => double.NaN,
                };
            }

            return metric(rows);
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(rented);
        }
    }

    /// <summary>Fills <paramref name="result"/> with ndcg@1/3/5/10, AP and RR.</summary>
    /// <returns>False when the query has no relevant item; <paramref name="result"/> then holds 1s (LightGBM's convention).</returns>
    private static bool EvaluateQuery(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, Span<ScoredRow> rows, Span<double> result)
    {
        if (!Rank(labels, scores, rows))
        {
            result.Fill(1);
            return false;
        }

        for (var i = 0; i < s_cutoffs.Length; i++)
        {
            result[i] = Dcg(rows, s_cutoffs[i]);
        }

        result[4] = AveragePrecision(rows);
        result[5] = ReciprocalRank(rows);

        // The ideal DCG sorts by label; it needs the rows in score order no longer, so sort them in place last.
        rows.Sort(static (a, b) => b.Label.CompareTo(a.Label));
        for (var i = 0; i < s_cutoffs.Length; i++)
        {
            result[i] /= Dcg(rows, s_cutoffs[i]);
        }

        return true;
    }

    /// <summary>Sorts the query's rows into ranked order.</summary>
    /// <returns>Whether any row is relevant.</returns>
    private static bool Rank(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, Span<ScoredRow> rows)
    {
        var anyRelevant = false;
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new ScoredRow(scores[i], labels[i], i);
            anyRelevant |= labels[i] > 0;
        }

        rows.Sort();
        return anyRelevant;
    }

    private static double IdealDcg(Span<ScoredRow> rankedRows, int k)
    {
        var rented = ArrayPool<ScoredRow>.Shared.Rent(rankedRows.Length);
        try
        {
            var ideal = rented.AsSpan(0, rankedRows.Length);
            rankedRows.CopyTo(ideal);
            ideal.Sort(static (a, b) => b.Label.CompareTo(a.Label));
            return Dcg(ideal, k);
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(rented);
        }
    }

    private static double Dcg(ReadOnlySpan<ScoredRow> rows, int k)
    {
        var dcg = 0.0;
        var n = Math.Min(k, rows.Length);
        for (var i = 0; i < n; i++)
        {
            // Rank i + 1 is discounted by log2(rank + 1).
            dcg += (Math.Pow(2, rows[i].Label) - 1) / Math.Log2(i + 2);
        }

        return dcg;
    }

    private static double AveragePrecision(ReadOnlySpan<ScoredRow> rows)
    {
        var relevant = 0;
        var sum = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Label > 0)
            {
                relevant++;
                sum += relevant / (double)(i + 1);
            }
        }

        return sum / relevant;
    }

    private static double ReciprocalRank(ReadOnlySpan<ScoredRow> rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Label > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    private static void Add(Span<double> sums, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] += values[i];
        }
    }
}

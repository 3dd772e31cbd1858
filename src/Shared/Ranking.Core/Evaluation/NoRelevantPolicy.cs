namespace Ranking.Core.Evaluation;

/// <summary>
/// How a query with no relevant item (no label &gt; 0) counts in NDCG, MAP and MRR. Such a query has no ideal
/// ordering, so every metric is undefined for it; the choice changes the averages, so it is stated explicitly.
/// </summary>
public enum NoRelevantPolicy
{
    /// <summary>LightGBM's convention (the default): the query scores 1 on every metric, since no order can be wrong.</summary>
    ScoreOne,

    /// <summary>The query scores 0 on every metric (a pessimistic view, as some IR toolkits do).</summary>
    ScoreZero,

    /// <summary>The query is left out of every average and of <see cref="RankingMetrics.Queries"/>.</summary>
    Exclude,
}

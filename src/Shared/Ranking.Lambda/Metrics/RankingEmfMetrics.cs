using Ranking.Core.Ranking;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Metrics;

namespace Ranking.Lambda.Metrics;

/// <summary>
/// The handlers' counters as EMF metrics: per surface for ranking and feeds, per function for rejections.
/// Values accumulate during an invocation; the function flushes them once at its end.
/// </summary>
public sealed class RankingEmfMetrics(EmfMetrics emf) : IRankingMetrics
{
    public void RankServed(string surface, RankResult result, int candidates, double totalMs)
    {
        emf.Record("RankLatency", totalMs, EmfUnit.Milliseconds, surface);
        emf.Record("FeatureLatency", result.Timings.FeaturesMs, EmfUnit.Milliseconds, surface);
        emf.Record("ScoringLatency", result.Timings.ScoringMs, EmfUnit.Milliseconds, surface);
        emf.Record("Candidates", candidates, EmfUnit.Count, surface);
        emf.Record("MissingFeatures", result.MissingFeatures, EmfUnit.Count, surface);
        emf.Record("MissingItems", result.MissingItems, EmfUnit.Count, surface);
        emf.Record("Fallback", result.Fallback is null ? 0 : 1, EmfUnit.Count, surface);
        if (result.Fallback is { } reason)
        {
            emf.Record(FallbackMetric(reason), 1, EmfUnit.Count, surface);
        }

        if (result.Model is { } model)
        {
            emf.SetProperty("ModelVersion", $"{model.Name}/{model.Version}");
        }
    }

    public void RankRejected(string code) => emf.Record($"Rejected_{code}", 1, EmfUnit.Count);

    public void StoreFailed(string surface) => emf.Record("StoreFailures", 1, EmfUnit.Count, surface);

    public void FeedProcessed(string surface, FeedRerankOutcome outcome) => emf.Record(outcome switch
    {
        FeedRerankOutcome.Ranked => "FeedsRanked",
        FeedRerankOutcome.Stale => "FeedsStale",
        FeedRerankOutcome.Empty => "FeedsEmpty",
        FeedRerankOutcome.Superseded => "FeedsSuperseded",
        _ => "FeedsFailed",
    }, 1, EmfUnit.Count, surface);

    public void ModelSwapped(string surface) => emf.Record("ModelsSwapped", 1, EmfUnit.Count, surface);

    public void ModelSwapFailed(string surface) => emf.Record("ModelSwapFailures", 1, EmfUnit.Count, surface);

    public void ModelRejected(string gate)
    {
        emf.Record("ModelsRejected", 1, EmfUnit.Count);
        emf.Record($"ModelsRejected_{gate}", 1, EmfUnit.Count);
    }

    public void ShadowCompared(string surface, double correlation, double meanAbsDifference)
    {
        emf.Record("ShadowRankCorrelation", correlation, EmfUnit.None, surface);
        emf.Record("ShadowScoreDifference", meanAbsDifference, EmfUnit.None, surface);
    }

    public void ShadowFailed(string surface) => emf.Record("ShadowFailures", 1, EmfUnit.Count, surface);

    private static string FallbackMetric(string reason) => reason switch
    {
        FallbackReason.ModelUnavailable => "Fallback_model_unavailable",
        FallbackReason.ScoringFailed => "Fallback_scoring_failed",
        FallbackReason.Deadline => "Fallback_deadline",
        _ => "Fallback_other",
    };
}

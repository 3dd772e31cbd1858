using Ranking.Core.Ranking;
using Ranking.Handlers.Feeds;

namespace Ranking.Handlers.Metrics;

/// <summary>
/// What the handlers count. Hosts decide where it goes: EMF lines in Lambda, in-memory counters locally.
/// Dimensions stay low-cardinality: the surface, never a user or item.
/// </summary>
public interface IRankingMetrics
{
    void RankServed(string surface, RankResult result, int candidates, double totalMs);

    /// <summary>What the business rules did to a ranking (a request's or a stored feed's): removals by reason, boosts, demotions, pins.</summary>
    void RulesApplied(string surface, RuleCounts counts);

    void RankRejected(string code);

    /// <summary>A store read failed or timed out; the request went on with defaults.</summary>
    void StoreFailed(string surface);

    void FeedProcessed(string surface, FeedRerankOutcome outcome);

    /// <summary>A new model version replaced the one serving the surface (hot swap); not the first load.</summary>
    void ModelSwapped(string surface);

    /// <summary>A new version could not be read or loaded; the current model keeps serving.</summary>
    void ModelSwapFailed(string surface);

    /// <summary>A version failed a promotion gate (<c>manifest</c>, <c>sha256</c>, ...) and is not served.</summary>
    void ModelRejected(string gate);

    /// <summary>A challenger scored the request too: rank correlation with the live model and mean |score difference|.</summary>
    void ShadowCompared(string surface, double correlation, double meanAbsDifference);

    void ShadowFailed(string surface);

    /// <summary>An experiment variant's guardrail tripped: its users get the live model from now on.</summary>
    void ExperimentGuardrailTripped(string surface);

    /// <summary>A drift window closed: the population stability index of each feature and of the scores against the model's baseline.</summary>
    void DriftMeasured(string surface, Monitoring.DriftReading reading);

    /// <summary>The surface's experiment could not be read or loaded; the surface serves its live model.</summary>
    void ExperimentLoadFailed(string surface);

    /// <summary>A batch of feedback events: how many were logged, how many refused (invalid or not logged).</summary>
    void EventsReceived(int accepted, int rejected);

    /// <summary>A record of <paramref name="log"/> (<c>impressions</c>) could not be written and was dropped.</summary>
    void RecordLogFailed(string log);
}

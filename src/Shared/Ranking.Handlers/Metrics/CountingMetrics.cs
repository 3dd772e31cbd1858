using System.Collections.Concurrent;
using Ranking.Core.Ranking;
using Ranking.Handlers.Feeds;

namespace Ranking.Handlers.Metrics;

/// <summary>Thread-safe in-memory counters, keyed like <c>fallback.model_unavailable</c> or <c>rejected.invalid_json</c>.</summary>
public sealed class CountingMetrics : IRankingMetrics
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long this[string name] => _counts.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    public void RankServed(string surface, RankResult result, int candidates, double totalMs)
    {
        Add("rank.requests");
        Add("rank.candidates", candidates);
        Add("rank.missing_features", result.MissingFeatures);
        Add("rank.missing_items", result.MissingItems);
        if (result.Fallback is { } reason)
        {
            Add($"fallback.{reason}");
        }
    }

    public void RulesApplied(string surface, RuleCounts counts) => RuleCountNames.Each(counts, (name, count) => Add($"rules.{name}", count));

    public void RankRejected(string code) => Add($"rejected.{code}");

    public void StoreFailed(string surface) => Add("store.failures");

    public void FeedProcessed(string surface, FeedRerankOutcome outcome) =>
        Add($"feeds.{outcome.ToString().ToLowerInvariant()}");

    public void ModelSwapped(string surface) => Add("models.swapped");

    public void ModelSwapFailed(string surface) => Add("models.swap_failures");

    public void ModelRejected(string gate)
    {
        Add("models.rejected");
        Add($"models.rejected.{gate}");
    }

    public void ShadowCompared(string surface, double correlation, double meanAbsDifference)
    {
        Add("shadow.compared");
        LastShadow = (correlation, meanAbsDifference);
    }

    public void ShadowFailed(string surface) => Add("shadow.failures");

    public void ExperimentGuardrailTripped(string surface) => Add("experiments.guardrail_trips");

    public void ExperimentLoadFailed(string surface) => Add("experiments.load_failures");

    public void DriftMeasured(string surface, Monitoring.DriftReading reading) => Add("drift.windows");

    public void EventsReceived(int accepted, int rejected)
    {
        Add("events.accepted", accepted);
        Add("events.rejected", rejected);
    }

    public void RecordLogFailed(string log) => Add($"{log}.failures");

    /// <summary>The most recent shadow comparison, for a local look (and tests).</summary>
    public (double Correlation, double MeanAbsDifference)? LastShadow { get; private set; }

    private void Add(string name, long by = 1) => _counts.AddOrUpdate(name, by, (_, current) => current + by);
}

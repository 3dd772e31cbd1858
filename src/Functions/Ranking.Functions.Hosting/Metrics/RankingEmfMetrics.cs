using Ranking.Contracts;
using Ranking.Core.Ranking;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Monitoring;
using Ranking.Lambda.Metrics;

namespace Ranking.Functions.Hosting.Metrics;

/// <summary>
/// The handlers' counters as EMF metrics: per surface for ranking and feeds, per function for rejections.
/// Values accumulate during an invocation; the function flushes them once at its end.
/// </summary>
public sealed class RankingEmfMetrics(EmfMetrics emf) : IRankingMetrics
{
    /// <summary>The EMF writer of a function: one per execution environment, named as the CDK app's alarms expect.</summary>
    public static EmfMetrics CreateWriter(string @namespace, string functionName, TextWriter output, TimeProvider time) => new(
        new EmfOptions
        {
            Namespace = @namespace,
            FunctionDimension = MetricNames.FunctionDimension,
            FunctionName = functionName,
            ScopeDimension = MetricNames.SurfaceDimension,
            ColdStartMetric = MetricNames.ColdStart,
        },
        output,
        time);

    public void RankServed(string surface, RankResult result, int candidates, double totalMs)
    {
        emf.Record(MetricNames.RankLatency, totalMs, EmfUnit.Milliseconds, surface);
        emf.Record(MetricNames.FeatureLatency, result.Timings.FeaturesMs, EmfUnit.Milliseconds, surface);
        emf.Record(MetricNames.ScoringLatency, result.Timings.ScoringMs, EmfUnit.Milliseconds, surface);
        emf.Record(MetricNames.Candidates, candidates, EmfUnit.Count, surface);
        emf.Record(MetricNames.MissingFeatures, result.MissingFeatures, EmfUnit.Count, surface);
        emf.Record(MetricNames.MissingItems, result.MissingItems, EmfUnit.Count, surface);
        emf.Record(MetricNames.Fallback, result.Fallback is null ? 0 : 1, EmfUnit.Count, surface);
        if (result.Fallback is { } reason)
        {
            emf.Record(FallbackMetric(reason), 1, EmfUnit.Count, surface);
        }

        if (result.Model is { } model)
        {
            emf.SetProperty("ModelVersion", $"{model.Name}/{model.Version}");
        }
    }

    public void RulesApplied(string surface, RuleCounts counts) =>
        RuleCountNames.Each(counts, (name, count) => emf.Record(name, count, EmfUnit.Count, surface));

    public void RankRejected(string code) => emf.Record(MetricNames.RejectedPrefix + code, 1, EmfUnit.Count);

    public void StoreFailed(string surface) => emf.Record(MetricNames.StoreFailures, 1, EmfUnit.Count, surface);

    public void FeedProcessed(string surface, FeedRerankOutcome outcome) => emf.Record(outcome switch
    {
        FeedRerankOutcome.Ranked => MetricNames.FeedsRanked,
        FeedRerankOutcome.Stale => MetricNames.FeedsStale,
        FeedRerankOutcome.Empty => MetricNames.FeedsEmpty,
        FeedRerankOutcome.Superseded => MetricNames.FeedsSuperseded,
        _ => MetricNames.FeedsFailed,
    }, 1, EmfUnit.Count, surface);

    public void ModelSwapped(string surface) => emf.Record(MetricNames.ModelsSwapped, 1, EmfUnit.Count, surface);

    public void ModelSwapFailed(string surface) => emf.Record(MetricNames.ModelSwapFailures, 1, EmfUnit.Count, surface);

    public void ModelValidated() => emf.Record(MetricNames.ModelsValidated, 1, EmfUnit.Count);

    public void ModelPromoted() => emf.Record(MetricNames.ModelsPromoted, 1, EmfUnit.Count);

    public void ModelRejected(string gate)
    {
        emf.Record(MetricNames.ModelsRejected, 1, EmfUnit.Count);
        emf.Record(MetricNames.ModelsRejectedPrefix + gate, 1, EmfUnit.Count);
    }

    public void ShadowCompared(string surface, double correlation, double meanAbsDifference)
    {
        emf.Record(MetricNames.ShadowRankCorrelation, correlation, EmfUnit.None, surface);
        emf.Record(MetricNames.ShadowScoreDifference, meanAbsDifference, EmfUnit.None, surface);
    }

    public void ShadowFailed(string surface) => emf.Record(MetricNames.ShadowFailures, 1, EmfUnit.Count, surface);

    public void ExperimentGuardrailTripped(string surface) => emf.Record(MetricNames.ExperimentGuardrailTrips, 1, EmfUnit.Count, surface);

    public void DriftMeasured(string surface, DriftReading reading)
    {
        emf.Record(MetricNames.ScorePsi, reading.ScorePsi, EmfUnit.None, surface);
        emf.Record(MetricNames.FeaturePsiMax, reading.FeaturePsi.Length == 0 ? 0 : reading.FeaturePsi.Max(), EmfUnit.None, surface);
        for (var f = 0; f < reading.Features.Count; f++)
        {
            emf.Record(MetricNames.FeaturePsiPrefix + reading.Features[f], reading.FeaturePsi[f], EmfUnit.None, surface);
        }
    }

    public void ExperimentLoadFailed(string surface) => emf.Record(MetricNames.ExperimentLoadFailures, 1, EmfUnit.Count, surface);

    /// <summary>Per function: the log's name is not a dimension, and impressions are the only record log written here.</summary>
    public void EventsReceived(int accepted, int rejected)
    {
        emf.Record(MetricNames.EventsAccepted, accepted, EmfUnit.Count);
        emf.Record(MetricNames.EventsRejected, rejected, EmfUnit.Count);
    }

    public void RecordLogFailed(string log) => emf.Record(MetricNames.RecordLogFailures, 1, EmfUnit.Count);

    private static string FallbackMetric(string reason) => reason switch
    {
        // Constant concatenations: no string is built per request.
        FallbackReason.ModelUnavailable => MetricNames.FallbackPrefix + FallbackReason.ModelUnavailable,
        FallbackReason.ScoringFailed => MetricNames.FallbackPrefix + FallbackReason.ScoringFailed,
        FallbackReason.Deadline => MetricNames.FallbackPrefix + FallbackReason.Deadline,
        _ => MetricNames.FallbackPrefix + "other",
    };
}

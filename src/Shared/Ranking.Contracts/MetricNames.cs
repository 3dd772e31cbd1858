namespace Ranking.Contracts;

/// <summary>
/// The functions' EMF metrics, which the CDK app alarms on and charts. Each is written with one dimension set:
/// <c>Function</c> (the Lambda function name) for function-level metrics, <c>Function, Surface</c> for per-surface
/// ones. An alarm must name exactly the set its metric is written with, or it watches a series that never exists.
/// </summary>
public static class MetricNames
{
    /// <summary>The default namespace (<see cref="EnvironmentNames.MetricsNamespace"/> overrides it).</summary>
    public const string Namespace = "Ranking";
    public const string FunctionDimension = "Function";
    public const string SurfaceDimension = "Surface";

    // Per surface (Function, Surface).
    public const string RankLatency = "RankLatency";
    public const string FeatureLatency = "FeatureLatency";
    public const string ScoringLatency = "ScoringLatency";
    public const string Candidates = "Candidates";
    public const string MissingFeatures = "MissingFeatures";
    public const string MissingItems = "MissingItems";
    /// <summary>0 or 1 per ranked request, so its average is the fallback rate.</summary>
    public const string Fallback = "Fallback";
    /// <summary>Followed by the reason (<c>Fallback_model_unavailable</c>, <c>Fallback_scoring_failed</c>, <c>Fallback_deadline</c>).</summary>
    public const string FallbackPrefix = "Fallback_";
    public const string StoreFailures = "StoreFailures";
    public const string FeedsRanked = "FeedsRanked";
    public const string FeedsStale = "FeedsStale";
    public const string FeedsEmpty = "FeedsEmpty";
    /// <summary>A re-rank by an older model version than the one that ranked the feed's candidates: kept out, not failed.</summary>
    public const string FeedsSuperseded = "FeedsSuperseded";
    public const string FeedsFailed = "FeedsFailed";
    /// <summary>FeedBackfill: re-rank messages a segment sent to the queue, and those that failed after the retries (alarmed).</summary>
    public const string FeedsEnqueued = "FeedsEnqueued";
    public const string FeedsEnqueueFailures = "FeedsEnqueueFailures";
    public const string ModelsSwapped = "ModelsSwapped";
    public const string ModelSwapFailures = "ModelSwapFailures";
    public const string ShadowRankCorrelation = "ShadowRankCorrelation";
    public const string ShadowScoreDifference = "ShadowScoreDifference";
    public const string ShadowFailures = "ShadowFailures";
    /// <summary>A variant's guardrail stopped its traffic (per serving process, so a trip in every instance counts once each).</summary>
    public const string ExperimentGuardrailTrips = "ExperimentGuardrailTrips";
    /// <summary>A surface's experiment could not be read or its variants' models loaded; the surface serves its live model.</summary>
    public const string ExperimentLoadFailures = "ExperimentLoadFailures";
    /// <summary>Population stability index of the scores over a drift window against the model's training baseline; alarmed above 0.2.</summary>
    public const string ScorePsi = "ScorePsi";
    /// <summary>The largest feature PSI of a drift window.</summary>
    public const string FeaturePsiMax = "FeaturePsiMax";
    /// <summary>Followed by the feature's name: that feature's PSI over a drift window (<c>FeaturePsi_price</c>).</summary>
    public const string FeaturePsiPrefix = "FeaturePsi_";
    /// <summary>
    /// Followed by the reason: candidates the rules removed (<c>Removed_duplicate</c>, <c>Removed_inactive</c>,
    /// <c>Removed_excluded</c>, <c>Removed_filter_&lt;name&gt;</c>). Written when non-zero, like the three below.
    /// </summary>
    public const string RemovedPrefix = "Removed_";
    /// <summary>Followed by the boost's name: items whose score it changed.</summary>
    public const string BoostedPrefix = "Boosted_";
    /// <summary>Followed by the capped attribute: items a diversity cap held back (<c>Demoted_sellerId</c>).</summary>
    public const string DemotedPrefix = "Demoted_";
    /// <summary>Items a request pinned to a position.</summary>
    public const string Pinned = "Pinned";

    // Per function (Function).
    /// <summary>Followed by the error code of a refused request (<c>Rejected_invalid_json</c>).</summary>
    public const string RejectedPrefix = "Rejected_";
    public const string FeedsMalformed = "FeedsMalformed";
    /// <summary>Feedback events of <c>POST /v1/events</c> logged, and refused (invalid, or the sink failed: the app resends those).</summary>
    public const string EventsAccepted = "EventsAccepted";
    public const string EventsRejected = "EventsRejected";
    /// <summary>A record (impression or event) that could not be written (sink failure, full backlog) and was dropped; a ranking response was unchanged.</summary>
    public const string RecordLogFailures = "RecordLogFailures";
    public const string ModelVersions = "ModelVersions";
    public const string ModelPackageProblems = "ModelPackageProblems";
    public const string ModelSourceErrors = "ModelSourceErrors";
    /// <summary>Written by the EMF writer on its first flush in an execution environment.</summary>
    public const string ColdStart = "ColdStart";
    public const string ModelsValidated = "ModelsValidated";
    public const string ModelsPromoted = "ModelsPromoted";
    public const string ModelsRejected = "ModelsRejected";
    /// <summary>Followed by the gate that refused the version (<c>ModelsRejected_quality</c>).</summary>
    public const string ModelsRejectedPrefix = "ModelsRejected_";

    /// <summary>Train: seconds from the dataset download to the trained model, per surface.</summary>
    public const string TrainingSeconds = "TrainingSeconds";
    /// <summary>Train: the rows the model trained on (the oldest 80% of the dataset's impressions), per surface.</summary>
    public const string TrainingRows = "TrainingRows";

    /// <summary>
    /// Whether <paramref name="metric"/> is written per surface (<c>Function, Surface</c>); every other metric is
    /// written per function (<c>Function</c>). The CDK app refuses to chart or alarm on a metric with the other set.
    /// </summary>
    public static bool IsPerSurface(string metric) => metric switch
    {
        RankLatency or FeatureLatency or ScoringLatency or Candidates or MissingFeatures or MissingItems or Fallback
            or StoreFailures or FeedsRanked or FeedsStale or FeedsEmpty or FeedsSuperseded or FeedsFailed or FeedsEnqueued or FeedsEnqueueFailures
            or ModelsSwapped or ModelSwapFailures or ShadowRankCorrelation or ShadowScoreDifference or ShadowFailures
            or ExperimentGuardrailTrips or ExperimentLoadFailures or ScorePsi or FeaturePsiMax
            or TrainingSeconds or TrainingRows or Pinned => true,
        _ => metric.StartsWith(FallbackPrefix, StringComparison.Ordinal) || metric.StartsWith(FeaturePsiPrefix, StringComparison.Ordinal)
            || metric.StartsWith(RemovedPrefix, StringComparison.Ordinal) || metric.StartsWith(BoostedPrefix, StringComparison.Ordinal)
            || metric.StartsWith(DemotedPrefix, StringComparison.Ordinal),
    };
}

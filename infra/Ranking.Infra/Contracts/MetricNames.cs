namespace Ranking.Infra.Contracts;

/// <summary>
/// The functions' EMF metrics this stack alarms on and charts. Dimensions are <c>Function</c> (the Lambda function
/// name) on function-level lines and <c>Function, Surface</c> on per-surface lines (<c>EmfDocument</c>): an alarm
/// must name exactly the set its metric is written with, or it watches a series that never exists.
/// </summary>
internal static class MetricNames
{
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
    public const string StoreFailures = "StoreFailures";
    public const string FeedsRanked = "FeedsRanked";
    public const string FeedsStale = "FeedsStale";
    public const string FeedsEmpty = "FeedsEmpty";
    /// <summary>A re-rank by an older model version than the one that ranked the feed's candidates: kept out, not failed.</summary>
    public const string FeedsSuperseded = "FeedsSuperseded";
    public const string FeedsFailed = "FeedsFailed";

    // Per function (Function).
    public const string FeedsMalformed = "FeedsMalformed";
    public const string ModelVersions = "ModelVersions";
    public const string ModelPackageProblems = "ModelPackageProblems";
    public const string ModelSourceErrors = "ModelSourceErrors";
    public const string ColdStart = "ColdStart";
    /// <summary>Written by ModelRefresh once the model lifecycle (validation gates, promotion) lands.</summary>
    public const string ModelsPromoted = "ModelsPromoted";
    /// <summary>Written by ModelRefresh once the model lifecycle (validation gates, promotion) lands.</summary>
    public const string ModelsRejected = "ModelsRejected";
    public const string RejectedPrefix = "Rejected_";
    public const string FallbackPrefix = "Fallback_";
}

namespace Ranking.Infra.Configuration;

/// <summary>
/// Every CDK context key the app reads (<c>-c key=value</c> or <c>cdk.json</c>). A bad value fails synth with a
/// message naming its key.
/// </summary>
internal static class ContextKeys
{
    public const string StackName = "stackName";
    public const string Bundles = "bundles";
    public const string BundleDirectory = "bundleDirectory";
    public const string TreesOnly = "treesOnly";
    public const string Surfaces = "surfaces";
    /// <summary>Business rules per surface: a JSON object (in cdk.json), its text, or the path of a JSON file.</summary>
    public const string Rules = "rules";
    public const string RemovalPolicy = "removalPolicy";
    public const string DeletionProtection = "deletionProtection";
    public const string LogRetentionDays = "logRetentionDays";
    public const string RecordLogRetentionDays = "recordLogRetentionDays";
    public const string AthenaScanLimitGb = "athenaScanLimitGb";

    public const string RankMemoryMb = "rankMemoryMb";
    public const string RankTimeoutSeconds = "rankTimeoutSeconds";
    public const string FeedRerankMemoryMb = "feedRerankMemoryMb";
    public const string FeedRerankTimeoutSeconds = "feedRerankTimeoutSeconds";
    public const string FeedBackfillMemoryMb = "feedBackfillMemoryMb";
    public const string FeedBackfillTimeoutSeconds = "feedBackfillTimeoutSeconds";
    public const string ModelRefreshMemoryMb = "modelRefreshMemoryMb";
    public const string ModelRefreshTimeoutSeconds = "modelRefreshTimeoutSeconds";
    public const string TrainMemoryMb = "trainMemoryMb";
    public const string TrainTimeoutSeconds = "trainTimeoutSeconds";
    public const string TrainStorageMb = "trainStorageMb";

    public const string MaxCandidates = "maxCandidates";
    public const string DeadlineMs = "deadlineMs";
    public const string ModelTtlSeconds = "modelTtlSeconds";
    public const string QualityTolerance = "qualityTolerance";
    public const string LatencyBudgetMs = "latencyBudgetMs";
    public const string FeedConcurrency = "feedConcurrency";

    public const string ApiAuth = "apiAuth";
    public const string JwtIssuer = "jwtIssuer";
    public const string JwtAudience = "jwtAudience";
    public const string ApiThrottleRateLimit = "apiThrottleRateLimit";
    public const string ApiThrottleBurstLimit = "apiThrottleBurstLimit";

    public const string FeedBatchSize = "feedBatchSize";
    public const string FeedBatchWindowSeconds = "feedBatchWindowSeconds";
    public const string FeedMaxConcurrency = "feedMaxConcurrency";
    /// <summary>Scan segments of a feed backfill (its state machine's Map), how many run at once, and whether a promotion starts one.</summary>
    public const string BackfillSegments = "backfillSegments";
    public const string BackfillConcurrency = "backfillConcurrency";
    public const string BackfillAfterPromotion = "backfillAfterPromotion";
    public const string FeedMaxReceiveCount = "feedMaxReceiveCount";

    public const string ModelRefreshRateMinutes = "modelRefreshRateMinutes";

    public const string TrainingSchedule = "trainingSchedule";
    public const string TrainingDays = "trainingDays";
    public const string TrainingAttributionMinutes = "trainingAttributionMinutes";

    public const string AlarmRankP99Ms = "alarmRankP99Ms";
    public const string AlarmFallbackRate = "alarmFallbackRate";
    public const string AlarmFeedFailures = "alarmFeedFailures";
    public const string AlarmEmail = "alarmEmail";
}

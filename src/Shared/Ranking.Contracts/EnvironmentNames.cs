namespace Ranking.Contracts;

/// <summary>The environment variables the functions read and the CDK app sets.</summary>
public static class EnvironmentNames
{
    public const string ItemsTable = "RANKING_ITEMS_TABLE";
    public const string UsersTable = "RANKING_USERS_TABLE";
    public const string FeedsTable = "RANKING_FEEDS_TABLE";
    public const string ModelsTable = "RANKING_MODELS_TABLE";
    public const string ModelsBucket = "RANKING_MODELS_BUCKET";
    public const string Surfaces = "RANKING_SURFACES";
    public const string ModelDirectory = "RANKING_MODEL_DIR";
    public const string MaxCandidates = "RANKING_MAX_CANDIDATES";
    public const string MaxBodyBytes = "RANKING_MAX_BODY_BYTES";
    public const string DeadlineMs = "RANKING_DEADLINE_MS";
    public const string MetricsNamespace = "RANKING_METRICS_NAMESPACE";
    public const string FeedConcurrency = "RANKING_FEED_CONCURRENCY";
    public const string ModelTtlSeconds = "RANKING_MODEL_TTL_SECONDS";
    public const string ModelCheckTimeoutMs = "RANKING_MODEL_CHECK_TIMEOUT_MS";
    public const string Shadow = "RANKING_SHADOW";
    public const string QualityTolerance = "RANKING_QUALITY_TOLERANCE";
    public const string LatencyBudgetMs = "RANKING_LATENCY_BUDGET_MS";
    /// <summary>The share of ranked responses logged as impressions per surface, <c>feed=0.1;search=1</c> (default: all).</summary>
    public const string LogSample = "RANKING_LOG_SAMPLE";
    /// <summary>Only the best this many returned positions of a response are logged (default: all).</summary>
    public const string LogTop = "RANKING_LOG_TOP";
    /// <summary>Rank and FeedRerank: the business rules per surface, as JSON (<see cref="Rules.RulesConfiguration"/>); unset keeps the defaults.</summary>
    public const string Rules = "RANKING_RULES";
    /// <summary>FeedBackfill: the feed re-rank queue its segments' messages go to.</summary>
    public const string FeedQueueUrl = "RANKING_FEED_QUEUE_URL";

    /// <summary>ModelRefresh: <c>true</c> when the ranking functions ship without ONNX Runtime, so its gates reject a model the native scorer refuses.</summary>
    public const string TreesOnly = "RANKING_TREES_ONLY";
}

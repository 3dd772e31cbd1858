namespace Ranking.Infra.Contracts;

/// <summary>
/// The functions' environment variables, as <c>Ranking.Lambda.Configuration.EnvironmentNames</c> defines them. Copied
/// rather than referenced so the CDK app does not build the AOT function libraries; a test keeps the two equal.
/// </summary>
internal static class EnvironmentNames
{
    public const string ItemsTable = "RANKING_ITEMS_TABLE";
    public const string UsersTable = "RANKING_USERS_TABLE";
    public const string FeedsTable = "RANKING_FEEDS_TABLE";
    public const string ModelsTable = "RANKING_MODELS_TABLE";
    public const string ModelsBucket = "RANKING_MODELS_BUCKET";
    public const string Surfaces = "RANKING_SURFACES";
    public const string MaxCandidates = "RANKING_MAX_CANDIDATES";
    public const string DeadlineMs = "RANKING_DEADLINE_MS";
    public const string MetricsNamespace = "RANKING_METRICS_NAMESPACE";
    public const string FeedConcurrency = "RANKING_FEED_CONCURRENCY";
    public const string ModelTtlSeconds = "RANKING_MODEL_TTL_SECONDS";
    public const string QualityTolerance = "RANKING_QUALITY_TOLERANCE";
    public const string LatencyBudgetMs = "RANKING_LATENCY_BUDGET_MS";
}

namespace Ranking.Functions.Hosting.Configuration;

/// <summary>What a function reads, so that only its own variables are required.</summary>
[Flags]
public enum FunctionNeeds
{
    None = 0,
    Items = 1,
    Users = 2,
    Feeds = 4,
    /// <summary>Model packages: <c>RANKING_MODEL_DIR</c> or <c>RANKING_MODELS_BUCKET</c>.</summary>
    Models = 8,
    /// <summary>The model registry table.</summary>
    Registry = 16,
    /// <summary>The models bucket itself, even when <c>RANKING_MODEL_DIR</c> is set.</summary>
    Bucket = 32,
    /// <summary>The feed re-rank queue (<c>RANKING_FEED_QUEUE_URL</c>).</summary>
    Queue = 64,
}

namespace Ranking.Handlers.Feeds;

public enum FeedRerankOutcome
{
    /// <summary>The feed was ranked and written.</summary>
    Ranked,
    /// <summary>The candidates changed while ranking; the newer feed was left alone (its own message re-ranks it).</summary>
    Stale,
    /// <summary>No stored feed or no candidates: nothing to rank, which is not an error.</summary>
    Empty,
    /// <summary>The message could not be processed; it will be retried and eventually dead-lettered.</summary>
    Failed,
    /// <summary>
    /// A newer version of the same model already ranked these candidates; its ranking was kept. Not an error: a host
    /// still holding the older model in the minute after a promotion gets this, and a retry would change nothing.
    /// </summary>
    Superseded,
}

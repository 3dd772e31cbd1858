namespace Ranking.Stores.Feeds;

/// <summary>What <see cref="IFeedStore.WriteRankingAsync"/> did with a ranking.</summary>
public enum RankingWriteOutcome
{
    /// <summary>The ranking is now the stored one.</summary>
    Written,
    /// <summary>The candidates changed since it was computed, or the feed is gone: nothing was written.</summary>
    Stale,
    /// <summary>
    /// A newer version of the same model already ranked these same candidates: nothing was written. An environment
    /// still holding the older model right after a promotion does this, and it is not an error.
    /// </summary>
    Superseded,
}

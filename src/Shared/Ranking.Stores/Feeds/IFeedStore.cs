namespace Ranking.Stores.Feeds;

/// <summary>Users' stored feeds. Writes are single-item and conditional, so concurrent re-ranks cannot interleave.</summary>
public interface IFeedStore
{
    ValueTask<FeedRecord?> GetFeedAsync(string userId, string surface, CancellationToken cancellationToken);

    /// <summary>Stores new candidates, bumping the version (any earlier ranking becomes stale); returns the stored feed.</summary>
    ValueTask<FeedRecord> PutCandidatesAsync(string userId, string surface, IReadOnlyList<string> candidates, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="ranked"/> only if the stored candidates are still at <c>ranked.RankedFromVersion</c>
    /// and no newer version of the same model already ranked them (<see cref="RankingPrecedence"/>).
    /// </summary>
    /// <returns>Whether it was written, and if not, why; a refused write changed nothing.</returns>
    ValueTask<RankingWriteOutcome> WriteRankingAsync(FeedRecord ranked, CancellationToken cancellationToken);
}

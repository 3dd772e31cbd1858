namespace Ranking.Stores.Feeds;

/// <summary>
/// One page of a scan segment: the users whose feed is on the surface, and where the segment goes on (null: done).
/// </summary>
/// <param name="Scanned">Feeds read for this page, of every surface.</param>
/// <param name="Next">The key after which the next page starts (<c>userId</c>, <c>surface</c>), or null at the segment's end.</param>
public sealed record FeedScanPage(IReadOnlyList<string> UserIds, int Scanned, (string UserId, string Surface)? Next);

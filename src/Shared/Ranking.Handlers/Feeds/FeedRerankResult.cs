using Ranking.Stores.Feeds;

namespace Ranking.Handlers.Feeds;

/// <summary>What processing one message did; <see cref="Feed"/> is the feed as written (or as found, when stale, superseded or empty).</summary>
public sealed record FeedRerankResult(FeedRerankOutcome Outcome, FeedRecord? Feed, string? Error = null);

namespace Ranking.Stores.Feeds;

/// <summary>
/// A user's stored feed on one surface: the candidate item ids with their version and, once a re-rank ran,
/// the ranked list and what produced it. <see cref="RankedFromVersion"/> lets a reader tell a ranking made from
/// the current candidates from a stale one.
/// </summary>
public sealed class FeedRecord
{
    public required string UserId { get; init; }
    public required string Surface { get; init; }
    public IReadOnlyList<string> Candidates { get; init; } = [];
    /// <summary>Bumped whenever the candidates change; re-rank writes are conditional on it.</summary>
    public long CandidatesVersion { get; init; }
    /// <summary>The stored ranking, best first; null when the feed was never ranked.</summary>
    public IReadOnlyList<(string ItemId, double Score)>? Ranked { get; init; }
    /// <summary>The <see cref="CandidatesVersion"/> the ranking was computed from.</summary>
    public long? RankedFromVersion { get; init; }
    public string? ModelName { get; init; }
    public string? ModelVersion { get; init; }
    public DateTimeOffset? RankedAt { get; init; }
    /// <summary>The impression id of the ranking (what the app's feedback events refer to); null when never ranked.</summary>
    public string? ImpressionId { get; init; }

    /// <summary>
    /// <c>{experimentId}/{variant}</c> when an experiment chose the model, else null. Such a ranking takes no part in
    /// <see cref="RankingPrecedence"/>: under an experiment, users see older and newer versions side by side, and
    /// after it stops the live model must be able to replace any of them.
    /// </summary>
    public string? Experiment { get; init; }
}

namespace Ranking.Stores.Registry;

/// <summary>
/// The row with sort key <c>alias#live</c>: the version every scoring function serves. It is the truth; version
/// statuses follow it (see <see cref="DynamoModelRegistry"/>). <see cref="Revision"/> grows by one per move and is
/// what every move is conditional on.
/// </summary>
public sealed class LiveAlias
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    /// <summary>Earlier live versions, oldest first; a rollback pops the last one.</summary>
    public IReadOnlyList<string> History { get; init; } = [];
    public long Revision { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

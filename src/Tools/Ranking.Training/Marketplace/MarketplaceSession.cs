using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

/// <summary>
/// One logged session: what was shown, in shown order, and what the user did with it.
/// <see cref="Clicks"/> and <see cref="Purchases"/> are 0-based indices into <see cref="Items"/>, ascending;
/// every purchase is also a click.
/// </summary>
public sealed class MarketplaceSession
{
    public required string SessionId { get; init; }
    public required string UserId { get; init; }
    public required string Surface { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public string? Query { get; init; }
    public IReadOnlyDictionary<string, ContextValue>? Context { get; init; }
    public required IReadOnlyList<string> Items { get; init; }
    public required IReadOnlyList<int> Clicks { get; init; }
    public required IReadOnlyList<int> Purchases { get; init; }

    /// <summary>Set by the generator, null for a session read back from <c>impressions.jsonl</c>.</summary>
    internal SessionTruth? Truth { get; init; }
}

using Ranking.Core.Data;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Impressions;

/// <summary>One sampled response's request side, waiting for its ranking; written once when the ranker reports it.</summary>
internal sealed class Impression(ImpressionLog log) : IRankingObserver
{
    public required string ImpressionId { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Surface { get; init; }
    public string? UserId { get; init; }
    public string? Query { get; init; }
    public IReadOnlyDictionary<string, ContextValue>? Context { get; init; }
    public RankingModel? FilledBy { get; init; }

    public void Observe(RankResult result, RankedRows rows) => log.Write(this, result, rows);
}

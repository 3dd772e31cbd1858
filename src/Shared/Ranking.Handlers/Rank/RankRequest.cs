using Ranking.Core.Data;
using Ranking.Core.Rules;

namespace Ranking.Handlers.Rank;

/// <summary>A parsed and validated <c>POST /v1/rank</c> body.</summary>
internal sealed class RankRequest
{
    public required string Surface { get; init; }
    public string? UserId { get; init; }
    /// <summary>Assigns an anonymous user (no <see cref="UserId"/>) to an experiment's variant.</summary>
    public string? SessionId { get; init; }
    public string? Query { get; init; }
    public Dictionary<string, ContextValue>? Context { get; init; }
    public required Candidate[] Candidates { get; init; }
    public int? Limit { get; init; }
    public bool Explain { get; init; }
    /// <summary>The as-of time for time features, in UTC; null for the server's clock.</summary>
    public DateTimeOffset? Time { get; init; }
    /// <summary>Item ids removed before scoring; null for none.</summary>
    public IReadOnlySet<string>? Exclude { get; init; }
    /// <summary>Items moved to fixed positions after the rules; null for none.</summary>
    public IReadOnlyList<Pin>? Pins { get; init; }
}

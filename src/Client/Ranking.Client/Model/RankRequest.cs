namespace Ranking.Client.Model;

/// <summary>The body of <c>POST /v1/rank</c>; see api/openapi.json's <c>RankRequest</c>.</summary>
public sealed class RankRequest
{
    public required string Surface { get; init; }
    public string? UserId { get; init; }
    /// <summary>Assigns an anonymous user (no <see cref="UserId"/>) to an experiment's variant.</summary>
    public string? SessionId { get; init; }
    public string? Query { get; init; }
    /// <summary>Request context by name: each value a string or a finite number (<c>platform</c>, <c>hour</c>).</summary>
    public IReadOnlyDictionary<string, object>? Context { get; init; }
    public required IReadOnlyList<RankCandidate> Candidates { get; init; }
    public int? Limit { get; init; }
    public bool? Explain { get; init; }
    /// <summary>The as-of time of the time features; the server's clock when null.</summary>
    public DateTimeOffset? Time { get; init; }
    public IReadOnlyList<string>? Exclude { get; init; }
    public IReadOnlyList<RankPin>? Pins { get; init; }
}

public sealed record RankCandidate(string ItemId, IReadOnlyDictionary<string, double>? Features = null);

/// <param name="Position">1 is the top.</param>
public sealed record RankPin(string ItemId, int Position);

namespace Ranking.Client.Model;

/// <summary>The 200 body of <c>POST /v1/rank</c>; see api/openapi.json's <c>RankResponse</c>.</summary>
public sealed class RankResponse
{
    public required string RequestId { get; init; }
    public required string Surface { get; init; }
    /// <summary>The model that scored; null on a fallback.</summary>
    public ModelRef? Model { get; init; }
    /// <summary>Null when the model ranked; otherwise why the items are in input order.</summary>
    public Fallback? Fallback { get; init; }
    public ExperimentTag? Experiment { get; init; }
    public Explanation? Explanation { get; init; }
    public required IReadOnlyList<RankedItem> Items { get; init; }
    public required IReadOnlyList<RemovedItem> Removed { get; init; }
    public required Timings TimingsMs { get; init; }
}

public sealed record ModelRef(string Name, string Version);

/// <param name="Reason"><c>model_unavailable</c>, <c>scoring_failed</c> or <c>deadline</c>.</param>
public sealed record Fallback(string Reason);

public sealed record ExperimentTag(string Id, string Variant, string Mode);

public sealed record Explanation(double? Base, string? Unavailable);

public sealed record RankedItem(
    string ItemId,
    double Score,
    int Rank,
    string? Team = null,
    IReadOnlyDictionary<string, double?>? Features = null,
    IReadOnlyDictionary<string, double?>? Contributions = null,
    double? Boost = null,
    AppliedRules? Rules = null);

public sealed record AppliedRules(IReadOnlyDictionary<string, double>? Boosts, DiversityCap? DemotedBy, int? Pinned);

public sealed record DiversityCap(string Attribute, int Max, int Window);

/// <param name="Reason"><c>duplicate</c>, <c>inactive</c>, <c>excluded</c> or <c>filter:&lt;name&gt;</c>.</param>
public sealed record RemovedItem(string ItemId, string Reason);

public sealed record Timings(double Features, double Scoring, double Rules, double Total, double? Explain = null);

namespace Ranking.Core.Ranking;

public sealed class RankResult
{
    public required IReadOnlyList<RankedItem> Items { get; init; }
    public required IReadOnlyList<RemovedItem> Removed { get; init; }
    /// <summary>Null when the model ranked; otherwise why the input order was used (<see cref="FallbackReason"/>).</summary>
    public string? Fallback { get; init; }
    /// <summary>The model that scored, null on fallback.</summary>
    public RankingModel? Model { get; init; }
    public required RankTimings Timings { get; init; }
    /// <summary>Feature values that took their default because the source had none (missing item, attribute, user, ...).</summary>
    public int MissingFeatures { get; init; }
    /// <summary>Candidates with no stored item.</summary>
    public int MissingItems { get; init; }
    /// <summary>Set when the request asked to explain and the model scored: the base of the items' contributions, or why there are none.</summary>
    public RankExplanation? Explanation { get; init; }
    /// <summary>What each business rule removed, boosted, held back or pinned.</summary>
    public required RuleCounts Rules { get; init; }
}

/// <param name="Features">The item's feature values when the request asked to explain, else null.</param>
/// <param name="Contributions">
/// Each feature's TreeSHAP contribution when the request asked to explain and the model has an explainer, else null:
/// <see cref="RankExplanation.Base"/> plus these plus <paramref name="Boost"/> is <paramref name="Score"/>.
/// </param>
/// <param name="Boost">What the surface's boost rules added to the model's score (0 when none applied).</param>
/// <param name="Team">Under interleaving, the variant whose ranking placed the item (its <see cref="Score"/> is that model's); else null.</param>
/// <param name="Rules">When the request asked to explain, the boosts, diversity cap and pin that moved the item; null when none did.</param>
public readonly record struct RankedItem(string ItemId, float Score, int Rank, float[]? Features, double[]? Contributions, float Boost, string? Team = null, AppliedRules? Rules = null);

/// <param name="Base">The model's expected score over its covers' rows (TreeSHAP's base value), null when unavailable.</param>
/// <param name="Unavailable">Why the items carry no contributions (the model is not a tree ensemble, has no node covers...), else null.</param>
public sealed record RankExplanation(double? Base, string? Unavailable);

public readonly record struct RemovedItem(string ItemId, string Reason);

/// <param name="ExplainMs">Computing contributions (0 unless the request asked to explain); not part of <paramref name="RulesMs"/>.</param>
public readonly record struct RankTimings(double FeaturesMs, double ScoringMs, double RulesMs, double ExplainMs = 0);

public static class FallbackReason
{
    public const string ModelUnavailable = "model_unavailable";
    public const string ScoringFailed = "scoring_failed";
    public const string Deadline = "deadline";
}

internal static class RemovalReason
{
    public const string Duplicate = "duplicate";
    public const string Inactive = "inactive";
    /// <summary>The request's <c>exclude</c> named it.</summary>
    public const string Excluded = "excluded";
}

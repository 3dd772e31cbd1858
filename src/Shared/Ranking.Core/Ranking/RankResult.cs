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
}

public readonly record struct RankedItem(string ItemId, float Score, int Rank, float[]? Features);

public readonly record struct RemovedItem(string ItemId, string Reason);

public readonly record struct RankTimings(double FeaturesMs, double ScoringMs, double RulesMs);

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
}

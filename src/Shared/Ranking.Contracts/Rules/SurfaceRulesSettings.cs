namespace Ranking.Contracts.Rules;

/// <summary>One surface's business rules, applied after scoring and before the limit. Absent keys keep these defaults.</summary>
public sealed record SurfaceRulesSettings
{
    public static SurfaceRulesSettings Default { get; } = new();

    /// <summary>Drop stored items whose status is not <c>active</c> (unknown items are kept: they may be new).</summary>
    public bool DropInactive { get; init; } = true;

    /// <summary>Applied together: a position takes the best item no cap whose window covers it refuses. Empty turns diversity off.</summary>
    public IReadOnlyList<DiversityCap> Diversity { get; init; } = [new(ItemAttributes.SellerId, 3, 20)];

    public IReadOnlyList<BoostRule> Boosts { get; init; } = [];

    public IReadOnlyList<FilterRule> Filters { get; init; } = [];
}

using Ranking.Core.Ranking;

namespace Ranking.Core.Validation;

public sealed class ValidationReport
{
    public required IReadOnlyList<GateOutcome> Gates { get; init; }
    public bool Passed => Gates.Count == ModelValidator.GateNames.Count && Gates.All(g => g.Passed);
    /// <summary>The first failing gate, or null.</summary>
    public GateOutcome? Failure => Gates.FirstOrDefault(g => !g.Passed);
    /// <summary>The loaded candidate, when it got that far; the caller owns (and disposes) it.</summary>
    public RankingModel? Model { get; init; }
    /// <summary>The candidate's NDCG@10 on its holdout, when measured.</summary>
    public double? HoldoutNdcg10 { get; init; }
}

namespace Ranking.Core.Scoring.Trees;

/// <summary>The <c>target_*</c> attributes: one entry per (leaf, target) weight.</summary>
internal sealed record TargetColumns(List<long> TreeIds, List<long> NodeIds, List<long> TargetIds, List<float> Weights)
{
    public int Count => TreeIds.Count;
}

namespace Ranking.Core.Scoring.Trees;

/// <summary>The <c>nodes_*</c> attributes: one entry per node, across every tree, in attribute order.</summary>
internal sealed record NodeColumns(
    List<long> TreeIds,
    List<long> NodeIds,
    List<long> FeatureIds,
    List<string> Modes,
    List<float> Values,
    List<long> TrueIds,
    List<long> FalseIds,
    List<long> MissingTracksTrue)
{
    public int Count => TreeIds.Count;
}

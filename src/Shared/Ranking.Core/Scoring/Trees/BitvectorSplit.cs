namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One split of a <see cref="BitvectorEnsemble"/>: a value above <see cref="Threshold"/> clears the bits of
/// <see cref="Clear"/> (the leaves of the split's left subtree) in tree <see cref="Tree"/>'s mask.
/// </summary>
internal readonly record struct BitvectorSplit(float Threshold, int Tree, ulong Clear);

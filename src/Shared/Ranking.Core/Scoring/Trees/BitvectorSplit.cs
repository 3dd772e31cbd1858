namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One split of a <see cref="BitvectorEnsemble"/> in one 32-bit mask plane: a value above <see cref="Threshold"/>
/// clears the bits of <see cref="Clear"/>, the split's left-subtree leaves in that plane, in mask plane
/// <see cref="Plane"/> (tree t's planes are <c>t * planes</c> and, for trees of more than 32 leaves, the next one).
/// </summary>
internal readonly record struct BitvectorSplit(float Threshold, int Plane, uint Clear);

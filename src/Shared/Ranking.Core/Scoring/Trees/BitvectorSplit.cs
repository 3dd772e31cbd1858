namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One split of a <see cref="BitvectorEnsemble"/> in one byte of its tree's leaf bitvector: a value above
/// <see cref="Threshold"/> clears the bits of <see cref="Clear"/> (that byte four times over, for a 32-bit broadcast),
/// the split's left-subtree leaves in that byte, at <see cref="Offset"/>: the byte's place in a block's bitvectors,
/// 32 times its index.
/// </summary>
internal readonly record struct BitvectorSplit(float Threshold, int Offset, uint Clear);

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One split of a <see cref="BitvectorEnsemble"/>: a value above <see cref="Threshold"/> clears the leaves of the
/// split's left subtree in tree <see cref="Tree"/>'s mask, the bits set in <see cref="ClearLow"/> (leaves 0-31) and
/// <see cref="ClearHigh"/> (leaves 32-63). Two halves, so a block's masks can be cleared 32 bits per document.
/// </summary>
internal readonly record struct BitvectorSplit(float Threshold, int Tree, uint ClearLow, uint ClearHigh);

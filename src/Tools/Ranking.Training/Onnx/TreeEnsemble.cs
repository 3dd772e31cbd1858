namespace Ranking.Training.Onnx;

/// <summary>A sum of regression trees; each tree's nodes are in pre-order, the root first, children referenced by index.</summary>
internal sealed record TreeEnsemble(int FeatureCount, IReadOnlyList<IReadOnlyList<TreeNode>> Trees);

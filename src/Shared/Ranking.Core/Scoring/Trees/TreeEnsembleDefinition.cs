namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// A single-target <c>TreeEnsembleRegressor</c> with SUM and no post transform, in the order ONNX Runtime sums it:
/// trees in the order their nodes first appear, each tree's root at index 0, and a base value added last.
/// </summary>
internal sealed record TreeEnsembleDefinition(DecisionNode[][] Trees, float BaseValue, int FeatureCount);

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One node of a tree as the ONNX attributes state it, children as indices into the tree's own node array. A split
/// goes to <see cref="True"/> when <c>x[Feature] Mode Threshold</c> holds; <see cref="MissingTracksTrue"/> sends NaN
/// there as well. A leaf carries its <see cref="Value"/>.
/// </summary>
internal readonly record struct DecisionNode(BranchMode Mode, int Feature, float Threshold, bool MissingTracksTrue, int True, int False, float Value)
{
    public bool IsLeaf => Mode == BranchMode.Leaf;
}

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One node of a tree as the ONNX attributes state it, children as indices into the tree's own node array. A split
/// goes to <see cref="True"/> when <c>x[Feature] Mode Threshold</c> holds; <see cref="MissingTracksTrue"/> sends NaN
/// there as well. A leaf carries its <see cref="Value"/>.
/// </summary>
internal readonly record struct DecisionNode(BranchMode Mode, int Feature, float Threshold, bool MissingTracksTrue, int True, int False, float Value)
{
    public bool IsLeaf => Mode == BranchMode.Leaf;

    /// <summary>
    /// The child <paramref name="x"/> goes to, as ONNX Runtime and <see cref="BlockedEnsemble"/> decide it: a float32
    /// comparison (a NaN threshold fails all but <c>!=</c>), and NaN x to the true child when missing tracks true or
    /// the mode is <c>!=</c>. For explanations, which must follow the path that produced the score.
    /// </summary>
    public int Next(float x)
    {
        var t = Threshold;
        var holds = float.IsNaN(x)
            ? MissingTracksTrue || Mode == BranchMode.Neq
            : Mode switch
            {
                BranchMode.Leq => x <= t,
                BranchMode.Lt => x < t,
                BranchMode.Gte => x >= t,
                BranchMode.Gt => x > t,
                BranchMode.Eq => x == t,
                _ => x != t,
            };
        return holds ? True : False;
    }
}

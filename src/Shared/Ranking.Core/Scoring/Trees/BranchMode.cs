namespace Ranking.Core.Scoring.Trees;

/// <summary>A node's <c>nodes_modes</c> entry: how it compares <c>x[feature]</c> with its threshold, or a leaf.</summary>
internal enum BranchMode
{
    Leaf,
    Leq,
    Lt,
    Gte,
    Gt,
    Eq,
    Neq,
}

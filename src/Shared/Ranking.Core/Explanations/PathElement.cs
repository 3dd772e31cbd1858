namespace Ranking.Core.Explanations;

/// <summary>
/// One feature on TreeSHAP's path of unique split features: the share of rows that follow the path when the feature is
/// unknown (<see cref="Zero"/>, the covers' ratio) or known (<see cref="One"/>, 1 on the row's own branch, else 0),
/// and the weight of the subsets of that size.
/// </summary>
internal struct PathElement
{
    public int Feature;
    public double Zero;
    public double One;
    public double Weight;
}

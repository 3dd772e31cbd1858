namespace Ranking.Core.Explanations;

/// <summary>
/// One tree of a LightGBM text model, as its arrays: split <c>i</c> sends rows to <see cref="LeftChild"/>[i] or
/// <see cref="RightChild"/>[i], where a child <c>c &gt;= 0</c> is split <c>c</c> and <c>c &lt; 0</c> is leaf <c>~c</c>.
/// Counts are the training rows that reached each split and leaf (the covers TreeSHAP weighs paths by).
/// </summary>
public sealed record LightGbmTree(
    int[] SplitFeature,
    double[] SplitGain,
    int[] LeftChild,
    int[] RightChild,
    double[] LeafValue,
    double[] InternalCount,
    double[] LeafCount)
{
    public int Splits => SplitFeature.Length;
}

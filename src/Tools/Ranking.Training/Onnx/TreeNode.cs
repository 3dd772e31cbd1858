namespace Ranking.Training.Onnx;

/// <summary>One node of a regression tree. A split sends <c>x[Feature] &lt;= Threshold</c> to <see cref="Left"/>.</summary>
internal sealed record TreeNode(bool IsLeaf, int Feature, double Threshold, bool DefaultLeft, int Left, int Right, double Value)
{
    public static TreeNode Leaf(double value) => new(true, 0, 0, false, -1, -1, value);

    public static TreeNode Split(int feature, double threshold, bool defaultLeft, int left, int right) =>
        new(false, feature, threshold, defaultLeft, left, right, 0);
}

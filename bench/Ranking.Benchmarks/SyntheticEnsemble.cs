using Ranking.Training.Onnx;

namespace Ranking.Benchmarks;

/// <summary>
/// A large LightGBM-shaped ensemble, exported as ONNX by the Training exporter (BRANCH_LEQ, float32 thresholds rounded
/// down, NaN sides from default_left): trees grown leaf-wise by splitting a random leaf until each has its leaves,
/// thresholds uniform over the inputs' range, so documents take different paths; plus matching input matrices.
/// </summary>
internal static class SyntheticEnsemble
{
    public const int Trees = 500;
    public const int Leaves = 64;
    public const int Features = 100;

    /// <summary>The trees, for the exporter (ONNX) and for <see cref="LightGbmModelWriter"/> (LightGBM's own predict).</summary>
    public static TreeEnsemble Build(int seed)
    {
        var random = new Random(seed);
        var trees = new List<IReadOnlyList<TreeNode>>(Trees);
        for (var t = 0; t < Trees; t++)
        {
            trees.Add(Tree(random));
        }

        return new TreeEnsemble(Features, trees);
    }

    /// <summary>Uniform values in [0, 1), about 2% NaN.</summary>
    public static float[] Matrix(int seed, int rows)
    {
        var random = new Random(seed);
        var matrix = new float[rows * Features];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = random.NextDouble() < 0.02 ? float.NaN : (float)random.NextDouble();
        }

        return matrix;
    }

    private static List<TreeNode> Tree(Random random)
    {
        // children[n] is (-1, -1) while n is a leaf; splitting a random leaf each time grows the tree leaf-wise.
        var children = new List<(int Left, int Right)> { (-1, -1) };
        var leaves = new List<int> { 0 };
        while (leaves.Count < Leaves)
        {
            var pick = random.Next(leaves.Count);
            children[leaves[pick]] = (children.Count, children.Count + 1);
            leaves[pick] = children.Count;
            leaves.Add(children.Count + 1);
            children.Add((-1, -1));
            children.Add((-1, -1));
        }

        var nodes = new List<TreeNode>(children.Count);
        AddPreOrder(0, children, nodes, random);
        return nodes;
    }

    /// <returns>The pre-order index of <paramref name="node"/>.</returns>
    private static int AddPreOrder(int node, List<(int Left, int Right)> children, List<TreeNode> nodes, Random random)
    {
        var index = nodes.Count;
        var (left, right) = children[node];
        if (left < 0)
        {
            nodes.Add(TreeNode.Leaf((random.NextDouble() * 2 - 1) * 0.1));
            return index;
        }

        nodes.Add(TreeNode.Leaf(0));
        var leftIndex = AddPreOrder(left, children, nodes, random);
        var rightIndex = AddPreOrder(right, children, nodes, random);
        nodes[index] = TreeNode.Split(random.Next(Features), random.NextDouble(), random.Next(2) == 0, leftIndex, rightIndex);
        return index;
    }
}

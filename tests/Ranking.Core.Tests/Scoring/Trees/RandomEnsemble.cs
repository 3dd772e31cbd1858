namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>
/// Seeded ensembles shaped like a third-party export: every branch mode, mixed missing-value sides, thresholds on a
/// grid the inputs also draw from (so equalities, signed zeros and infinities happen), node ids permuted, each tree's
/// nodes listed root first then shuffled, tree ids out of order, and leaves of very different magnitudes (so a
/// different summation order or precision would show).
/// </summary>
internal static class RandomEnsemble
{
    public static readonly string[] Modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"];

    private static readonly float[] s_grid = [float.NegativeInfinity, -2.5f, -1f, -0f, 0f, 0.5f, 1f, 1.0000001f, 3.25f, float.PositiveInfinity];

    public static OnnxEnsembleBuilder Create(int seed, int trees, int leaves, int features, string[] modes)
    {
        var random = new Random(seed);
        var builder = new OnnxEnsembleBuilder(features) { ValuesAsTensor = true, BaseValues = [0.3125f] };
        var treeIds = Enumerable.Range(0, trees).Select(t => (long)(t * 7 % trees + 100)).ToArray();
        foreach (var treeId in treeIds)
        {
            AddTree(builder, random, treeId, leaves, features, modes);
        }

        return builder;
    }

    /// <summary>Rows drawn from the thresholds' grid, random floats and about 10% NaN.</summary>
    public static float[] Inputs(int seed, int rows, int features)
    {
        var random = new Random(seed);
        var matrix = new float[rows * features];
        for (var i = 0; i < matrix.Length; i++)
        {
            var draw = random.NextDouble();
            matrix[i] = draw < 0.1 ? float.NaN : draw < 0.6 ? s_grid[random.Next(s_grid.Length)] : (float)(random.NextDouble() * 8 - 4);
        }

        return matrix;
    }

    private static void AddTree(OnnxEnsembleBuilder builder, Random random, long treeId, int leaves, int features, string[] modes)
    {
        // Grow by splitting a random leaf until the tree has its leaves; children[n] is (-1, -1) for a leaf.
        var children = new List<(int True, int False)> { (-1, -1) };
        var leafList = new List<int> { 0 };
        while (leafList.Count < leaves)
        {
            var pick = random.Next(leafList.Count);
            var node = leafList[pick];
            children[node] = (children.Count, children.Count + 1);
            leafList[pick] = children.Count;
            leafList.Add(children.Count + 1);
            children.Add((-1, -1));
            children.Add((-1, -1));
        }

        var ids = Enumerable.Range(0, children.Count).OrderBy(_ => random.Next()).Select(i => (long)i).ToArray();
        var listed = new[] { 0 }.Concat(Enumerable.Range(1, children.Count - 1).OrderBy(_ => random.Next()));
        foreach (var n in listed)
        {
            var (whenTrue, whenFalse) = children[n];
            if (whenTrue < 0)
            {
                var magnitude = random.Next(3) switch { 0 => 1e6, 1 => 1.0, _ => 1e-4 };
                builder.Leaf(treeId, ids[n], (float)((random.NextDouble() * 2 - 1) * magnitude));
                continue;
            }

            var threshold = random.NextDouble() < 0.7 ? s_grid[random.Next(s_grid.Length)] : (float)(random.NextDouble() * 8 - 4);
            builder.Split(treeId, ids[n], random.Next(features), modes[random.Next(modes.Length)], threshold,
                ids[whenTrue], ids[whenFalse], random.Next(2) == 1);
        }
    }
}

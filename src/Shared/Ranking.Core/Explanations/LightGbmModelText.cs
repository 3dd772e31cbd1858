using System.Globalization;

namespace Ranking.Core.Explanations;

/// <summary>
/// The trees of LightGBM's text model (<c>lightgbm.txt</c>, what <c>LGBM_BoosterSaveModelToString</c> writes): per tree
/// the split features, gains, children, leaf values and the training row counts per node, the parts explanations
/// and feature importance need. Thresholds are not read: the ONNX trees decide the path.
/// </summary>
public sealed class LightGbmModelText
{
    private LightGbmModelText(int featureCount, IReadOnlyList<LightGbmTree> trees)
    {
        FeatureCount = featureCount;
        Trees = trees;
    }

    /// <summary><c>max_feature_idx + 1</c>.</summary>
    public int FeatureCount { get; }

    public IReadOnlyList<LightGbmTree> Trees { get; }

    /// <exception cref="InvalidDataException">Not a single-output LightGBM tree model, or a tree whose arrays disagree; the message names <paramref name="source"/>.</exception>
    public static LightGbmModelText Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var trees = new List<LightGbmTree>();
        Dictionary<string, string>? tree = null;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("end of trees", StringComparison.Ordinal))
            {
                break;
            }

            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                if (tree is not null)
                {
                    trees.Add(Build(tree, trees.Count, source));
                }

                tree = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                (tree ?? header)[line[..equals].ToString()] = line[(equals + 1)..].ToString();
            }
        }

        if (tree is not null)
        {
            trees.Add(Build(tree, trees.Count, source));
        }

        if (!header.TryGetValue("max_feature_idx", out var maxFeature) || trees.Count == 0)
        {
            throw new InvalidDataException($"{source} is not a LightGBM text model (no max_feature_idx or no Tree= section).");
        }

        if (header.TryGetValue("num_tree_per_iteration", out var perIteration) && perIteration != "1")
        {
            throw new InvalidDataException($"{source} has {perIteration} trees per iteration; only single-output models are explained.");
        }

        return new LightGbmModelText(Int(maxFeature, "max_feature_idx", source) + 1, trees);
    }

    private static LightGbmTree Build(Dictionary<string, string> fields, int index, string source)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{source} tree {index}");
        var leaves = Int(Field(fields, "num_leaves", where), "num_leaves", where);
        if (leaves == 1)
        {
            // A stump-less tree (one leaf): LightGBM writes no split arrays and may omit the counts.
            var value = Doubles(fields, "leaf_value", 1, where);
            return new LightGbmTree([], [], [], [], value, [], [1]);
        }

        var splits = leaves - 1;
        var tree = new LightGbmTree(
            Ints(fields, "split_feature", splits, where),
            Doubles(fields, "split_gain", splits, where),
            Ints(fields, "left_child", splits, where),
            Ints(fields, "right_child", splits, where),
            Doubles(fields, "leaf_value", leaves, where),
            Doubles(fields, "internal_count", splits, where),
            Doubles(fields, "leaf_count", leaves, where));
        for (var i = 0; i < splits; i++)
        {
            if (!IsChild(tree.LeftChild[i], splits, leaves) || !IsChild(tree.RightChild[i], splits, leaves))
            {
                throw new InvalidDataException($"{where}: split {i} names a child it does not have.");
            }
        }

        return tree;
    }

    private static bool IsChild(int child, int splits, int leaves) => child >= 0 ? child < splits : ~child < leaves;

    private static string Field(Dictionary<string, string> fields, string name, string where) =>
        fields.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"{where} has no {name}.");

    private static int[] Ints(Dictionary<string, string> fields, string name, int count, string where)
    {
        var parts = Split(Field(fields, name, where), name, count, where);
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Int(parts[i], name, where);
        }

        return values;
    }

    private static double[] Doubles(Dictionary<string, string> fields, string name, int count, string where)
    {
        var parts = Split(Field(fields, name, where), name, count, where);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"{where}: {name} has '{parts[i]}', not a number.");
        }

        return values;
    }

    private static string[] Split(string value, string name, int count, string where)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == count
            ? parts
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{where}: {name} has {parts.Length} values, not {count}."));
    }

    private static int Int(string text, string name, string where) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{where}: {name} is '{text}', not an integer.");
}

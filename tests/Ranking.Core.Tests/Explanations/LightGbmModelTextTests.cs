using Ranking.Core.Explanations;

namespace Ranking.Core.Tests.Explanations;

/// <summary>The parts of <c>lightgbm.txt</c> explanations read, and refusals that name the file and the tree.</summary>
public sealed class LightGbmModelTextTests
{
    private const string Header = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=2\n\n";

    private const string TwoLeaves = """
        Tree=0
        num_leaves=2
        split_feature=2
        split_gain=7.5
        threshold=0.5
        decision_type=2
        left_child=-1
        right_child=-2
        leaf_value=-0.25 0.75
        leaf_count=30 10
        internal_count=40

        """;

    [Fact]
    public void Parse_ATreeAndAStump_ReadsSplitsCountsAndLeaves()
    {
        var model = LightGbmModelText.Parse(Header + TwoLeaves + "Tree=1\nnum_leaves=1\nleaf_value=0.125\n\nend of trees\nfeature_importances:\nColumn_2=1\n", "lightgbm.txt");

        Assert.Equal(3, model.FeatureCount);
        Assert.Equal(2, model.Trees.Count);
        var tree = model.Trees[0];
        Assert.Equal([2], tree.SplitFeature);
        Assert.Equal([7.5], tree.SplitGain);
        Assert.Equal([~0], tree.LeftChild);
        Assert.Equal([~1], tree.RightChild);
        Assert.Equal([-0.25, 0.75], tree.LeafValue);
        Assert.Equal([40.0], tree.InternalCount);
        Assert.Equal([30.0, 10.0], tree.LeafCount);
        Assert.Equal(0, model.Trees[1].Splits);
        Assert.Equal([0.125], model.Trees[1].LeafValue);
    }

    [Theory]
    [InlineData("leaf_value=-0.25 0.75", "leaf_value=-0.25", "lightgbm.txt tree 0: leaf_value has 1 values, not 2.")]
    [InlineData("right_child=-2", "right_child=-3", "lightgbm.txt tree 0: split 0 names a child it does not have.")]
    [InlineData("internal_count=40\n", "", "lightgbm.txt tree 0 has no internal_count.")]
    [InlineData("split_gain=7.5", "split_gain=x", "lightgbm.txt tree 0: split_gain has 'x', not a number.")]
    public void Parse_ABrokenTree_ThrowsNamingTheTreeAndField(string part, string replacement, string message)
    {
        var text = Header + TwoLeaves.Replace(part, replacement, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => LightGbmModelText.Parse(text, "lightgbm.txt"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_NotAModel_SaysSo()
    {
        var error = Assert.Throws<InvalidDataException>(() => LightGbmModelText.Parse("{\"trees\": []}", "lightgbm.txt"));

        Assert.StartsWith("lightgbm.txt is not a LightGBM text model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AMulticlassModel_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            LightGbmModelText.Parse(Header.Replace("num_tree_per_iteration=1", "num_tree_per_iteration=3", StringComparison.Ordinal) + TwoLeaves, "lightgbm.txt"));

        Assert.Contains("3 trees per iteration", error.Message, StringComparison.Ordinal);
    }
}

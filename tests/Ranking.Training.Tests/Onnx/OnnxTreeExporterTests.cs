using Ranking.Training.Onnx;

namespace Ranking.Training.Tests.Onnx;

public sealed class OnnxTreeExporterTests
{
    [Fact]
    public void RoundDown_ThresholdBetweenFloats_TakesTheFloatBelow()
    {
        // (float)0.1 = 0.100000001490116... lies above the double 0.1, so the float below it is the largest <= 0.1.
        var threshold = Float32Threshold.RoundDown(0.1);

        Assert.True(threshold <= 0.1);
        Assert.Equal(MathF.BitDecrement(0.1f), threshold);
        Assert.Equal(0.5f, Float32Threshold.RoundDown(0.5));
        Assert.Equal(float.MaxValue, Float32Threshold.RoundDown(1e300));
    }

    [Fact]
    public void Export_SplitAtDoubleThreshold_RoutesFloatInputsLikeLightGbm()
    {
        // Tree 0: x0 <= 0.1 (double) ? -1 : +1. Tree 1 is a single leaf 0.25.
        // LightGBM: (double)0.1f = 0.10000000149 > 0.1 -> right -> 1 + 0.25 = 1.25;
        // the float just below 0.1f is <= 0.1 -> left -> -1 + 0.25 = -0.75.
        var ensemble = new TreeEnsemble(2, [
            [TreeNode.Split(0, 0.1, true, 1, 2), TreeNode.Leaf(-1), TreeNode.Leaf(1)],
            [TreeNode.Leaf(0.25)],
        ]);

        var scores = OnnxParityTests.OnnxScores(OnnxTreeExporter.Export(ensemble), [0.1f, 0f, MathF.BitDecrement(0.1f), 0f], 2, 2);

        Assert.Equal([1.25f, -0.75f], scores);
    }

    [Fact]
    public void Parse_SingleLeafTree_KeepsItsValue()
    {
        var ensemble = LightGbmTreeParser.Parse("""
            {"max_feature_idx": 2, "tree_info": [{"tree_index": 0, "tree_structure": {"leaf_value": 0.75}}]}
            """);

        Assert.Equal(3, ensemble.FeatureCount);
        var node = Assert.Single(Assert.Single(ensemble.Trees));
        Assert.True(node.IsLeaf);
        Assert.Equal(0.75, node.Value);
    }

    [Fact]
    public void Parse_CategoricalSplit_IsRejectedWithAClearError()
    {
        var error = Assert.Throws<NotSupportedException>(() => LightGbmTreeParser.Parse("""
            {"max_feature_idx": 2, "tree_info": [{"tree_index": 0, "tree_structure": {
              "split_index": 0, "split_feature": 1, "threshold": "1||3", "decision_type": "==", "default_left": false,
              "missing_type": "None", "left_child": {"leaf_value": 1}, "right_child": {"leaf_value": 2}}}]}
            """));

        Assert.Contains("categorical split", error.Message, StringComparison.Ordinal);
        Assert.Contains("feature 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NumericalSplit_BuildsPreOrderNodes()
    {
        var ensemble = LightGbmTreeParser.Parse("""
            {"max_feature_idx": 4, "tree_info": [{"tree_index": 0, "tree_structure": {
              "split_index": 0, "split_feature": 3, "threshold": 0.25, "decision_type": "<=", "default_left": true,
              "missing_type": "None",
              "left_child": {"split_index": 1, "split_feature": 0, "threshold": 1.5, "decision_type": "<=", "default_left": false,
                             "missing_type": "None", "left_child": {"leaf_value": -2}, "right_child": {"leaf_value": -1}},
              "right_child": {"leaf_value": 3}}}]}
            """);

        var nodes = Assert.Single(ensemble.Trees);
        Assert.Equal(5, nodes.Count);
        Assert.Equal(TreeNode.Split(3, 0.25, true, 1, 4), nodes[0]);
        Assert.Equal(TreeNode.Split(0, 1.5, false, 2, 3), nodes[1]);
        Assert.Equal(-2, nodes[2].Value);
        Assert.Equal(3, nodes[4].Value);
    }
}

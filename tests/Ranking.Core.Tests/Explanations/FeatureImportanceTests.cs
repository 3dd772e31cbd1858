using Ranking.Core.Explanations;
using Ranking.Core.Tests.Scoring.Trees;

namespace Ranking.Core.Tests.Explanations;

/// <summary>Gain and splits per feature from the trainer's model, splits alone from the ONNX trees.</summary>
public sealed class FeatureImportanceTests
{
    [Fact]
    public void FromTrainerModel_SumsGainAndCountsSplitsPerFeature()
    {
        const string text = """
            tree
            num_tree_per_iteration=1
            max_feature_idx=2
            Tree=0
            num_leaves=3
            split_feature=2 0
            split_gain=5 1.5
            left_child=1 -1
            right_child=-3 -2
            leaf_value=1 2 3
            leaf_count=1 1 1
            internal_count=3 2
            Tree=1
            num_leaves=2
            split_feature=2
            split_gain=2.5
            left_child=-1
            right_child=-2
            leaf_value=1 2
            leaf_count=1 1
            internal_count=2
            end of trees
            """;

        var importance = FeatureImportance.FromTrainerModel(LightGbmModelText.Parse(text, "lightgbm.txt"), 3);

        Assert.Equal([1, 0, 2], importance.Splits);
        Assert.Equal([1.5, 0, 7.5], Assert.IsType<double[]>(importance.Gain));
    }

    [Fact]
    public void FromOnnx_CountsSplitsAndHasNoGain()
    {
        var twice = FeatureImportance.FromOnnx(HandBuiltTrees.SplitTwiceOnOneFeature(), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 2);
        var both = FeatureImportance.FromOnnx(HandBuiltTrees.TwoFeatures(missingTrue: false), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 2);

        Assert.Equal([2, 0], twice.Splits);
        Assert.Equal([1, 1], both.Splits);
        Assert.Null(twice.Gain);
    }
}

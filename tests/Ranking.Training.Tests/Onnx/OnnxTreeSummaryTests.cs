using Ranking.Training.Onnx;

namespace Ranking.Training.Tests.Onnx;

public sealed class OnnxTreeSummaryTests
{
    [Fact]
    public void Read_ExportedEnsemble_CountsTreesAndTakesEachFeaturesThresholdRange()
    {
        // Feature 0 is split at 0.5 and 2, feature 2 at -3; feature 1 is never split. Tree 2 is a single leaf.
        var ensemble = new TreeEnsemble(3, [
            [TreeNode.Split(0, 0.5, true, 1, 2), TreeNode.Leaf(-1), TreeNode.Leaf(1)],
            [TreeNode.Split(2, -3, false, 1, 2), TreeNode.Leaf(0), TreeNode.Split(0, 2, false, 3, 4), TreeNode.Leaf(1), TreeNode.Leaf(2)],
            [TreeNode.Leaf(0.25)],
        ]);

        var summary = OnnxTreeSummary.Read(OnnxTreeExporter.Export(ensemble), featureCount: 3);

        Assert.NotNull(summary);
        Assert.Equal(3, summary.TreeCount);
        Assert.Equal([0.5f, float.NaN, -3f], summary.LowestThreshold);
        Assert.Equal([2f, float.NaN, -3f], summary.HighestThreshold);
    }

    [Fact]
    public void Read_SamplePackage_CountsTheTreesOfLightGbmsModel()
    {
        var package = Path.Combine(Ranking.Testing.Loopback.RepoRoot.Find(), "samples", "models", "feed-ltr", "1");
        var trees = File.ReadLines(Path.Combine(package, "lightgbm.txt")).Count(line => line.StartsWith("Tree=", StringComparison.Ordinal));

        var summary = OnnxTreeSummary.Read(File.ReadAllBytes(Path.Combine(package, "model.onnx")), featureCount: 14);

        Assert.Equal(trees, summary?.TreeCount);
    }
}

using Ranking.Core.Tests.Scoring.Trees;

namespace Ranking.Core.Tests.Explanations;

/// <summary>Small one-tree ONNX ensembles over two features whose Shapley values are worked out by hand in the tests.</summary>
internal static class HandBuiltTrees
{
    /// <summary><c>f = x0 &lt;= 0.5 ? 10 : (x1 &lt;= 0.5 ? 20 : 40)</c>, NaN x0 to the true side when <paramref name="missingTrue"/>.</summary>
    public static byte[] TwoFeatures(bool missingTrue)
    {
        var onnx = new OnnxEnsembleBuilder(2);
        onnx.Split(0, 0, 0, "BRANCH_LEQ", 0.5f, 1, 2, missingTrue);
        onnx.Leaf(0, 1, 10);
        onnx.Split(0, 2, 1, "BRANCH_LEQ", 0.5f, 3, 4, missingTrue: false);
        onnx.Leaf(0, 3, 20);
        onnx.Leaf(0, 4, 40);
        return onnx.Build();
    }

    /// <summary><c>f = x0 &lt;= 0.5 ? (x0 &lt;= 0.25 ? 1 : 2) : 3</c>: one feature split twice on a path.</summary>
    public static byte[] SplitTwiceOnOneFeature()
    {
        var onnx = new OnnxEnsembleBuilder(2);
        onnx.Split(0, 0, 0, "BRANCH_LEQ", 0.5f, 1, 2, missingTrue: false);
        onnx.Split(0, 1, 0, "BRANCH_LEQ", 0.25f, 3, 4, missingTrue: false);
        onnx.Leaf(0, 3, 1);
        onnx.Leaf(0, 4, 2);
        onnx.Leaf(0, 2, 3);
        return onnx.Build();
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ranking.Training.LightGbm;
using Ranking.Training.Onnx;
using Xunit.Abstractions;

namespace Ranking.Training.Tests.Onnx;

public sealed class OnnxParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Export_TrainedModel_OnnxRuntimeMatchesLightGbmOnEveryHoldoutRow()
    {
        var model = TrainedModels.Small;
        var test = TrainedModels.Test;

        var expected = new float[test.RowCount];
        using (var predictor = LightGbmPredictor.Load(model.ModelString))
        {
            predictor.Predict(test.Features, test.RowCount, expected);
        }

        var actual = OnnxScores(OnnxTreeExporter.Export(model.ModelString), test.Features, test.RowCount, test.FeatureCount);

        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{model.BestIteration} trees, {test.RowCount} rows: max |onnx - lightgbm| = {maxDiff:G6}");
        Assert.True(maxDiff <= 1e-5, $"max |onnx - lightgbm| = {maxDiff:G6}");
        Assert.Contains(expected, s => s != 0);
    }

    internal static float[] OnnxScores(byte[] onnx, float[] features, int rows, int width)
    {
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, width]);
        using var results = session.Run(new RunOptions(), [OnnxTreeExporter.InputName], [input], [OnnxTreeExporter.OutputName]);
        Assert.Equal([rows, 1L], results[0].GetTensorTypeAndShape().Shape);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}

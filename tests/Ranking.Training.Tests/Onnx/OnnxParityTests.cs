using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ranking.Training.Onnx;
using Ranking.Training.Training;
using Xunit.Abstractions;

namespace Ranking.Training.Tests.Onnx;

public sealed class OnnxParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(LambdaMartOptions.LambdaRank)]
    [InlineData(LambdaMartOptions.RankXeNdcg)]
    public void Export_TrainedModel_OnnxRuntimeMatchesLightGbmOnEveryHoldoutRow(string objective)
    {
        // The export reads trees only, whatever objective grew them; each objective is checked all the same.
        var model = TrainedModels.SmallFor(objective);
        var test = TrainedModels.Test;

        var expected = TrainedModels.TestScores(model);

        var actual = OnnxScores(OnnxTreeExporter.Export(model.ModelString), test.Features, test.RowCount, test.FeatureCount);

        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{objective}: {model.BestIteration} trees, {test.RowCount} rows: max |onnx - lightgbm| = {maxDiff:G6}");
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

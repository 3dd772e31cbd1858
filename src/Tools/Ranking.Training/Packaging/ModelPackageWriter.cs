using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ranking.Core.Evaluation;
using Ranking.Core.Models;
using Ranking.Core.Monitoring;
using Ranking.Core.Scoring;
using Ranking.Training.LightGbm;
using Ranking.Training.Onnx;

namespace Ranking.Training.Packaging;

/// <summary>
/// Writes a model package folder: <c>lightgbm.txt</c>, <c>model.onnx</c>, <c>holdout.jsonl</c>, then
/// <c>manifest.json</c> last, so a folder with a manifest is always complete.
/// </summary>
public static class ModelPackageWriter
{
    /// <summary>ONNX and LightGBM scores may differ by float32 rounding of leaf values only; beyond this the export is wrong.</summary>
    public const double MaxAllowedScoreDifference = 1e-4;

    /// <exception cref="InvalidDataException">The ONNX model's scores disagree with LightGBM's beyond <see cref="MaxAllowedScoreDifference"/>.</exception>
    public static ModelPackageResult Write(ModelPackageRequest request, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        var holdout = request.Holdout;
        if (request.Features.Count != request.Model.FeatureCount || holdout.FeatureCount != request.Model.FeatureCount)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The model has {request.Model.FeatureCount} features, the feature list {request.Features.Count}, the holdout {holdout.FeatureCount}."));
        }

        Directory.CreateDirectory(outputDirectory);
        var trainerModel = Encoding.UTF8.GetBytes(request.Model.ModelString);
        File.WriteAllBytes(Path.Combine(outputDirectory, ModelPackageFiles.TrainerModel), trainerModel);

        var onnx = OnnxTreeExporter.Export(request.Model.ModelString);
        File.WriteAllBytes(Path.Combine(outputDirectory, ModelPackageFiles.Onnx), onnx);

        var trainerScores = new float[holdout.RowCount];
        var reference = request.Train ?? holdout;
        var referenceScores = new float[reference.RowCount];
        using (var predictor = LightGbmPredictor.Load(request.Model.ModelString))
        {
            predictor.Predict(holdout.Features, holdout.RowCount, trainerScores);
            predictor.Predict(reference.Features, reference.RowCount, referenceScores);
        }

        var holdoutBytes = HoldoutWriter.Write(holdout, trainerScores);
        File.WriteAllBytes(Path.Combine(outputDirectory, ModelPackageFiles.Holdout), holdoutBytes);

        var onnxScores = new float[holdout.RowCount];
        using (var scorer = OnnxScorer.Load(onnx, OnnxTreeExporter.InputName, OnnxTreeExporter.OutputName, holdout.FeatureCount))
        {
            scorer.Score(holdout.Features, holdout.RowCount, onnxScores);
        }

        var maxDifference = MaxDifference(trainerScores, onnxScores);
        if (maxDifference > MaxAllowedScoreDifference)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"The ONNX model's scores differ from LightGBM's by up to {maxDifference:G6}; the export is wrong."));
        }

        var metrics = RankingEvaluator.Evaluate(holdout.Labels, onnxScores, holdout.GroupSizes);
        var manifest = new ModelManifest
        {
            Name = request.Name,
            Version = request.Version,
            CreatedAt = request.CreatedAt,
            Objective = request.Model.Options.Objective,
            Features = request.Features,
            Onnx = new OnnxInfo
            {
                File = ModelPackageFiles.Onnx,
                Input = OnnxTreeExporter.InputName,
                Output = OnnxTreeExporter.OutputName,
                Sha256 = Sha256(onnx),
            },
            Training = request.Training,
            Metrics = metrics.ToDictionary(),
            BaselineMetrics = request.BaselineMetrics,
            Holdout = new ArtifactFile { File = ModelPackageFiles.Holdout, Sha256 = Sha256(holdoutBytes), Rows = holdout.RowCount },
            TrainerModel = new ArtifactFile { File = ModelPackageFiles.TrainerModel, Sha256 = Sha256(trainerModel), Rows = 0 },
            Baseline = DistributionBuilder.Baseline([.. request.Features.Select(f => f.Name)], reference.Features, reference.RowCount, referenceScores),
        };

        // Written under a temporary name and renamed, so a reader never sees half a manifest.
        var manifestPath = Path.Combine(outputDirectory, ModelManifest.FileName);
        var temporary = manifestPath + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(manifest, CoreJsonContext.Default.ModelManifest));
        File.Move(temporary, manifestPath, overwrite: true);
        return new ModelPackageResult(manifest, metrics, maxDifference);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static double MaxDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)expected[i] - actual[i]));
        }

        return max;
    }
}

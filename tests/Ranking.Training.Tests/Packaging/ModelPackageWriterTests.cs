using System.Security.Cryptography;
using System.Text.Json;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Training.Data;
using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Training.Tests.Packaging;

public sealed class ModelPackageWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ranking-package-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Write_SvmLightModel_WritesAllFilesAndAConsistentManifest()
    {
        var result = WritePackage();

        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(_directory, "manifest.json")), CoreJsonContext.Default.ModelManifest)!;
        Assert.Equal("svmlight-ltr", manifest.Name);
        Assert.Equal("lambdarank", manifest.Objective);
        Assert.Equal(TrainedModels.Train.FeatureCount, manifest.Features.Count);
        Assert.Equal(FeatureSource.Candidate, manifest.Features[4].Source);
        Assert.Equal("f5", manifest.Features[4].Field);
        Assert.Equal("features", manifest.Onnx.Input);
        Assert.Equal("score", manifest.Onnx.Output);
        Assert.Equal(Sha256("model.onnx"), manifest.Onnx.Sha256);
        Assert.Equal(Sha256("holdout.jsonl"), manifest.Holdout!.Sha256);
        Assert.Equal(Sha256("lightgbm.txt"), manifest.TrainerModel!.Sha256);
        Assert.Equal(TrainedModels.Test.RowCount, manifest.Holdout.Rows);
        Assert.Equal(["ndcg@1", "ndcg@3", "ndcg@5", "ndcg@10", "map", "mrr"], manifest.Metrics.Keys);
        Assert.Equal(result.Metrics.Ndcg10, manifest.Metrics["ndcg@10"]);
        Assert.Equal(0.5, manifest.BaselineMetrics!["ndcg@10"]);
        Assert.Equal(TrainedModels.Small.BestIteration, manifest.Training!.BestIteration);
        Assert.False(File.Exists(Path.Combine(_directory, "manifest.json.tmp")));
    }

    [Fact]
    public void Write_RankXeNdcgModel_RecordsItsObjectiveAndParametersInAManifestCoreReads()
    {
        var model = TrainedModels.SmallXeNdcg;

        WritePackage(model, TrainingSummaries.Create(model, "svmlight", null, TrainedModels.Train, TrainedModels.Test));

        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(_directory, "manifest.json")), CoreJsonContext.Default.ModelManifest)!;
        Assert.Null(ManifestRequirements.Problem(manifest));
        Assert.Equal("rank_xendcg", manifest.Objective);
        Assert.Equal(model.Options.LearningRate, manifest.Training!.LearningRate);
        Assert.Equal(30, manifest.Training.EarlyStopping);
        Assert.Null(manifest.Training.TruncationLevel);
        Assert.Equal("LightGBM 4.7.0 (rank_xendcg)", manifest.Training.Library);
    }

    [Fact]
    public void Write_RecordsTheTrainingRowsDistributions_AsTheDriftBaseline()
    {
        WritePackage();

        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(_directory, "manifest.json")), CoreJsonContext.Default.ModelManifest)!;
        var baseline = manifest.Baseline!;
        Assert.Equal(TrainedModels.Train.RowCount, baseline.Rows);
        Assert.Equal(manifest.Features.Select(f => f.Name), baseline.Features.Select(f => f.Name));
        Assert.All(baseline.Features.Append(baseline.Score), d =>
        {
            Assert.Equal(d.Edges.Length + 1, d.Shares.Length);
            Assert.Equal(d.Edges.Order(), d.Edges);
            Assert.Equal(1.0, d.Shares.Sum(), 9);
        });
        // The scores are the trainer's on the training rows: nine distinct deciles.
        Assert.Equal(9, baseline.Score.Edges.Length);
    }

    [Fact]
    public void Write_Holdout_HasOneLinePerRowWithTheTrainersScore()
    {
        var result = WritePackage();

        var lines = File.ReadAllLines(Path.Combine(_directory, "holdout.jsonl"));
        Assert.Equal(TrainedModels.Test.RowCount, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var row = first.RootElement;
        Assert.Equal(TrainedModels.Test.QueryIds[0], row.GetProperty("qid").GetString());
        Assert.Equal(TrainedModels.Test.Labels[0], row.GetProperty("label").GetSingle());
        Assert.Equal(TrainedModels.Test.FeatureCount, row.GetProperty("features").GetArrayLength());
        Assert.NotEqual(0f, row.GetProperty("score").GetSingle());
        Assert.True(result.MaxScoreDifference <= 1e-5, $"max diff {result.MaxScoreDifference}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ModelPackageResult WritePackage() =>
        WritePackage(TrainedModels.Small, new TrainingSummary { Format = "svmlight", BestIteration = TrainedModels.Small.BestIteration });

    private ModelPackageResult WritePackage(LambdaMartModel model, TrainingSummary training) => ModelPackageWriter.Write(
        new ModelPackageRequest
        {
            Name = "svmlight-ltr",
            Version = "1",
            Features = SvmLightFeatures.Specs(TrainedModels.Train.FeatureNames),
            Model = model,
            Holdout = TrainedModels.Test,
            Train = TrainedModels.Train,
            Training = training,
            BaselineMetrics = new Dictionary<string, double> { ["ndcg@10"] = 0.5 },
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        },
        _directory);

    private string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_directory, file))));
}

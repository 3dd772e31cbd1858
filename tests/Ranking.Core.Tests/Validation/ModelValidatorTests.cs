using System.Text;
using System.Text.Json;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;
using Ranking.Core.Tests.Ranking;
using Ranking.Core.Validation;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Validation;

/// <summary>The promotion gates on the committed sample feed model, each made to fail on purpose.</summary>
public sealed class ModelValidatorTests
{
    private static readonly string s_package = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");

    private static (ModelManifest Manifest, byte[] Onnx, byte[] Holdout) Package() =>
        (JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(s_package, "manifest.json")), CoreJsonContext.Default.ModelManifest)!,
         File.ReadAllBytes(Path.Combine(s_package, "model.onnx")),
         File.ReadAllBytes(Path.Combine(s_package, "holdout.jsonl")));

    private static ValidationReport Validate(ModelManifest manifest, byte[] onnx, byte[]? holdout, bool isNew = true, RankingModel? live = null, ValidationOptions? options = null)
    {
        var report = ModelValidator.Validate(manifest, onnx, holdout, isNew, live, options ?? new ValidationOptions { LatencyBudget = TimeSpan.FromSeconds(5) });
        report.Model?.Dispose();
        return report;
    }

    [Fact]
    public void Validate_WithTheSampleModel_PassesEveryGate()
    {
        var (manifest, onnx, holdout) = Package();

        var report = Validate(manifest, onnx, holdout);

        Assert.True(report.Passed, report.Failure?.Detail);
        Assert.Equal(ModelValidator.GateNames, report.Gates.Select(g => g.Gate));
        Assert.Equal(manifest.Metrics["ndcg@10"], report.HoldoutNdcg10!.Value, 4);
        // The sample is a tree ensemble: the native scorer serves it, checked against ONNX Runtime on the holdout.
        Assert.IsType<TreeEnsembleScorer>(report.Model!.Scorer);
        Assert.Contains(" and 0 (<= 1e-6) of ONNX Runtime (native scorer) on ", report.Gates.Single(g => g.Gate == "parity").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgainstItselfAsLive_PassesQualityWithTheComparison()
    {
        var (manifest, onnx, holdout) = Package();
        using var live = RankingModel.Create(manifest, onnx);

        var report = Validate(manifest, onnx, holdout, live: live);

        Assert.True(report.Passed, report.Failure?.Detail);
        Assert.Contains("vs live 1", report.Gates.Single(g => g.Gate == "quality").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgainstLiveThatDefinesAFeatureDifferently_DoesNotCompare()
    {
        // Same names, but the live model reads "price" raw where the candidate takes log1p: scoring the live model on
        // the candidate's columns would feed it the wrong numbers, so the comparison is skipped and says why.
        var (manifest, onnx, holdout) = Package();
        var features = manifest.Features.Select((f, i) => i > 0 ? f : new FeatureSpec
        {
            Name = f.Name, Source = f.Source, Field = f.Field, Value = f.Value, Default = f.Default, Transform = null,
        }).ToList();
        var liveManifest = new ModelManifest { Name = manifest.Name, Version = "0", Features = features, Onnx = manifest.Onnx };
        using var live = RankingModel.Create(liveManifest, onnx);

        var report = Validate(manifest, onnx, holdout, live: live);

        Assert.True(report.Passed, report.Failure?.Detail);
        Assert.Contains("not compared", report.Gates.Single(g => g.Gate == "quality").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithOldVersion_FailsManifest()
    {
        var (manifest, onnx, holdout) = Package();

        var failure = Validate(manifest, onnx, holdout, isNew: false).Failure!;

        Assert.Equal("manifest", failure.Gate);
        Assert.Contains("not new", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithoutHoldout_FailsManifest()
    {
        var (manifest, onnx, _) = Package();

        Assert.Equal("manifest", Validate(manifest, onnx, holdout: null).Failure!.Gate);
    }

    [Fact]
    public void Validate_WithChangedOnnx_FailsSha256()
    {
        var (manifest, onnx, holdout) = Package();
        onnx[^5] ^= 1;

        Assert.Equal("sha256", Validate(manifest, onnx, holdout).Failure!.Gate);
    }

    [Fact]
    public void Validate_WithTrainerScoresThatDisagree_FailsParityNamingTheRow()
    {
        var (manifest, onnx, holdout) = Package();
        var lines = Encoding.UTF8.GetString(holdout).Split('\n');
        // Row 3's expected score moves by 0.01: far beyond 1e-4.
        var row = JsonDocument.Parse(lines[2]).RootElement;
        lines[2] = lines[2].Replace(
            $"\"score\":{row.GetProperty("score").GetRawText()}",
            $"\"score\":{(row.GetProperty("score").GetSingle() + 0.01f).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            StringComparison.Ordinal);

        var failure = Validate(manifest, onnx, Encoding.UTF8.GetBytes(string.Join('\n', lines))).Failure!;

        Assert.Equal("parity", failure.Gate);
        Assert.StartsWith("row 3:", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TreesOnly_AModelTheNativeScorerRefuses_FailsShapeWithTheReason()
    {
        var (logistic, onnx) = RankingModelTests.LogisticModel();
        var (sample, _, holdout) = Package();
        var manifest = new ModelManifest { Name = sample.Name, Version = sample.Version, Features = sample.Features, Onnx = logistic.Onnx, Holdout = sample.Holdout };

        var failure = Validate(manifest, onnx, holdout, options: new ValidationOptions { TreesOnly = true }).Failure!;

        Assert.Equal("shape", failure.Gate);
        Assert.Contains("serves tree ensembles only", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("post_transform LOGISTIC", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithNativeScoresBeyondTheTolerance_FailsParityNamingTheNativeScorer()
    {
        var (manifest, onnx, holdout) = Package();
        // No |diff| is at most a negative tolerance: the native scorer "differs" even where it matches ONNX Runtime.
        var options = new ValidationOptions { NativeParityTolerance = -1, LatencyBudget = TimeSpan.FromSeconds(5) };

        var failure = Validate(manifest, onnx, holdout, options: options).Failure!;

        Assert.Equal("parity", failure.Gate);
        Assert.Contains("the native scorer scores", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("max |diff| 0 > -1", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithNativeScoresBeyondTheToleranceAndFallBack_ServesWithOnnxRuntimeSayingWhy()
    {
        var (manifest, onnx, holdout) = Package();
        var options = new ValidationOptions { NativeParityTolerance = -1, FallBackToOnnxRuntime = true, LatencyBudget = TimeSpan.FromSeconds(5) };

        var report = ModelValidator.Validate(manifest, onnx, holdout, isNewVersion: true, live: null, options);
        using var model = report.Model;

        Assert.True(report.Passed, report.Failure?.Detail);
        Assert.IsType<OnnxScorer>(model!.Scorer);
        Assert.StartsWith("the native scorer differs from ONNX Runtime on the holdout", model.NativeRefusal, StringComparison.Ordinal);
        Assert.Contains("(ONNX Runtime: the native scorer differs", report.Gates.Single(g => g.Gate == "parity").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithImpossibleLatencyBudget_FailsLatency()
    {
        var (manifest, onnx, holdout) = Package();

        var failure = Validate(manifest, onnx, holdout, options: new ValidationOptions { LatencyBudget = TimeSpan.FromTicks(1) }).Failure!;

        Assert.Equal("latency", failure.Gate);
        Assert.Contains("500 rows", failure.Detail, StringComparison.Ordinal);
    }
}

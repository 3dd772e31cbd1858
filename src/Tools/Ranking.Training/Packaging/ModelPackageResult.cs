using Ranking.Core.Evaluation;
using Ranking.Core.Models;

namespace Ranking.Training.Packaging;

/// <summary>A written package: its manifest, the ONNX model's holdout metrics, and how far ONNX strayed from the trainer.</summary>
/// <param name="MaxScoreDifference">The largest |ONNX score - LightGBM score| over the holdout rows.</param>
public sealed record ModelPackageResult(ModelManifest Manifest, RankingMetrics Metrics, double MaxScoreDifference);

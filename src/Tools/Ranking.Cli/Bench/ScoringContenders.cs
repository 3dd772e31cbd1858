using System.Globalization;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;
using Ranking.Stores.Models;
using Ranking.Training.LightGbm;
using Ranking.Training.Onnx;
using PackageFile = Ranking.Training.Packaging.ModelPackageFiles;

namespace Ranking.Cli.Bench;

/// <summary>
/// The scorers of one model package that <c>bench scoring</c> races: ONNX Runtime (always), the native tree scorer
/// (unless it refuses the model) and LightGBM's own predict on <c>lightgbm.txt</c> (when the package has one), all
/// on one thread. Owns them.
/// </summary>
internal sealed class ScoringContenders : IDisposable
{
    /// <summary>The native scorer reproduces ONNX Runtime's float32 arithmetic: it must agree to the bit, or nearly.</summary>
    public const double NativeTolerance = 1e-6;

    /// <summary>LightGBM sums the same leaves in double, so its scores round differently in the last bits.</summary>
    public const double LightGbmTolerance = 1e-5;

    public required ModelManifest Manifest { get; init; }
    public required int Width { get; init; }
    public required OnnxScorer OnnxRuntime { get; init; }
    public required IScorer? Native { get; init; }

    /// <summary>Why the native scorer does not take this model; null when it does.</summary>
    public required string? NativeRefusal { get; init; }

    public required LightGbmPredictor? LightGbm { get; init; }

    /// <summary>Why LightGBM is not measured; null when it is.</summary>
    public required string? LightGbmSkipped { get; init; }

    /// <summary>The ensemble's trees, from the ONNX graph; null when the model is not a tree ensemble.</summary>
    public required OnnxTreeSummary? Trees { get; init; }

    public required ScoringInputs Inputs { get; init; }

    /// <exception cref="InvalidDataException">The package's files are missing or malformed, or the models do not fit its manifest.</exception>
    /// <exception cref="LightGbmException">The trainer's model does not load.</exception>
    public static ScoringContenders Load(string packageDir)
    {
        var files = ModelDirectory.Read(packageDir);
        var manifest = files.Manifest;
        var width = manifest.Features.Count;
        var shown = packageDir.TrimEnd('/');
        var onnxRuntime = OnnxScorer.Load(files.Onnx, manifest.Onnx.Input, manifest.Onnx.Output, width);
        IScorer? native = null;
        LightGbmPredictor? lightGbm = null;
        try
        {
            string? refusal;
            try
            {
                TreeEnsembleScorer.TryCreate(files.Onnx, manifest.Onnx.Input, manifest.Onnx.Output, width, out native, out refusal);
            }
            catch (InvalidDataException e)
            {
                // ONNX Runtime loaded what the native reader calls malformed: serving keeps ONNX Runtime for it too.
                refusal = e.Message;
            }

            var trees = OnnxTreeSummary.Read(files.Onnx, width);
            var trainerFile = manifest.TrainerModel?.File ?? PackageFile.TrainerModel;
            if (Path.GetFileName(trainerFile) != trainerFile)
            {
                throw new InvalidDataException($"{shown}/{ModelManifest.FileName} names '{trainerFile}', which is not a file of the package.");
            }

            var trainerPath = Path.Combine(packageDir, trainerFile);
            var skipped = File.Exists(trainerPath) ? null : $"the package has no {trainerFile}";
            if (skipped is null)
            {
                lightGbm = LightGbmPredictor.Load(File.ReadAllText(trainerPath));
                if (lightGbm.FeatureCount != width)
                {
                    throw new InvalidDataException(string.Create(
                        CultureInfo.InvariantCulture, $"{shown}/{trainerFile} takes {lightGbm.FeatureCount} features, the manifest declares {width}."));
                }
            }

            var inputs = ScoringInputs.FromThresholds(trees, width);
            if (files.Holdout is { } holdout && manifest.Holdout is { } holdoutFile)
            {
                var source = $"{shown}/{holdoutFile.File}";
                inputs = ScoringInputs.FromHoldout(Holdout.Parse(holdout, source), width, source);
            }

            return new ScoringContenders
            {
                Manifest = manifest,
                Width = width,
                OnnxRuntime = onnxRuntime,
                Native = native,
                NativeRefusal = refusal,
                LightGbm = lightGbm,
                LightGbmSkipped = skipped,
                Trees = trees,
                Inputs = inputs,
            };
        }
        catch
        {
            onnxRuntime.Dispose();
            native?.Dispose();
            lightGbm?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Scores every matrix with every scorer and compares each with ONNX Runtime: a fast scorer that scores differently
    /// measures nothing.
    /// </summary>
    /// <returns>The largest |native - ONNX Runtime| and |LightGBM - ONNX Runtime|; null for a scorer not measured.</returns>
    /// <exception cref="InvalidDataException">A scorer disagrees beyond its tolerance; the message says which, by how much and where.</exception>
    public (double? Native, double? LightGbm) CheckAgreement(float[][] matrices, int rows)
    {
        var reference = new float[rows];
        var scores = new float[rows];
        double? native = Native is null ? null : 0;
        double? lightGbm = LightGbm is null ? null : 0;
        for (var m = 0; m < matrices.Length; m++)
        {
            OnnxRuntime.Score(matrices[m], rows, reference);
            if (Native is { } nativeScorer)
            {
                nativeScorer.Score(matrices[m], rows, scores);
                native = Math.Max(native!.Value, Check("the native scorer", reference, scores, NativeTolerance, m, rows));
            }

            if (LightGbm is { } predictor)
            {
                predictor.Predict(matrices[m], rows, scores);
                lightGbm = Math.Max(lightGbm!.Value, Check("LightGBM's predict", reference, scores, LightGbmTolerance, m, rows));
            }
        }

        return (native, lightGbm);
    }

    public void Dispose()
    {
        OnnxRuntime.Dispose();
        Native?.Dispose();
        LightGbm?.Dispose();
    }

    private static double Check(string scorer, float[] reference, float[] scores, double tolerance, int matrix, int rows)
    {
        var max = ScoreDifference.Max(reference.AsSpan(0, rows), scores, out var row);
        if (!(max <= tolerance))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{scorer} and ONNX Runtime disagree: {scores[row]:R} against {reference[row]:R} (|diff| {max:G3}, tolerance {tolerance:0.###e+0}) on row {row} of matrix {matrix} ({rows} documents)."));
        }

        return max;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ranking.Core.Evaluation;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Validation;

/// <summary>
/// The promotion gates, in order; the first failure stops the run and names its gate:
/// manifest complete and version new, sha256, loads with matching shapes, parity with the trainer on the
/// holdout, quality against the live model on the same rows, and scoring latency.
/// </summary>
public static class ModelValidator
{
    public static IReadOnlyList<string> GateNames { get; } = ["manifest", "sha256", "shape", "parity", "quality", "latency"];

    /// <param name="isNewVersion">Whether the registry has not seen this version live or decided before (the caller knows).</param>
    /// <param name="live">The model serving now, or null when there is none.</param>
    /// <param name="trainerModel">The package's <c>lightgbm.txt</c> when read, kept by the model for its explanations.</param>
    public static ValidationReport Validate(
        ModelManifest manifest, byte[] onnx, byte[]? holdout, bool isNewVersion, RankingModel? live, ValidationOptions options, byte[]? trainerModel = null)
    {
        var gates = new List<GateOutcome>();
        if (!Check(gates, "manifest", ManifestProblem(manifest, holdout, isNewVersion)))
        {
            return new ValidationReport { Gates = gates };
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (!Check(gates, "sha256", actual == manifest.Onnx.Sha256.ToLowerInvariant() ? null : $"model.onnx hashes to {actual}, the manifest says {manifest.Onnx.Sha256}"))
        {
            return new ValidationReport { Gates = gates };
        }

        RankingModel model;
        try
        {
            // A trees-only deployment's functions cannot serve a model the native scorer refuses: it fails here.
            model = RankingModel.Create(manifest, onnx, onnxRuntime: !options.TreesOnly, trainerModel, holdout);
            gates.Add(new GateOutcome("shape", true, $"input [N, {model.Plan.Width}] matches {manifest.Features.Count} features"));
        }
        catch (InvalidDataException e)
        {
            gates.Add(new GateOutcome("shape", false, e.Message));
            return new ValidationReport { Gates = gates };
        }

        var rows = ParseHoldout(holdout!, model, gates);
        if (rows is null)
        {
            return new ValidationReport { Gates = gates, Model = model };
        }

        var scores = new float[rows.Rows];
        string? nativeProblem = null;
        double? nativeDiff = null;
        if (!Check(gates, "parity", Try(() => model.Scorer.Score(rows.Features, rows.Rows, scores), "scoring the holdout"))
            || !Check(gates, "parity", Try(() => nativeProblem = NativeParity(ref model, onnx, rows, scores, options, out nativeDiff), "comparing the native scorer with ONNX Runtime"), replace: true)
            || !Check(gates, "parity", nativeProblem ?? ParityProblem(rows, scores, options), ParityDetail(model, options, rows, nativeDiff), replace: true))
        {
            return new ValidationReport { Gates = gates, Model = model };
        }

        var ndcg = RankingEvaluator.Evaluate(rows.Labels, scores, rows.GroupSizes).Ndcg10;
        string? qualityDetail = null;
        string? qualityProblem = null;
        var failed = Try(() => qualityProblem = QualityProblem(manifest, rows, ndcg, live, options, out qualityDetail), "scoring the holdout with the live model");
        if (!Check(gates, "quality", failed ?? qualityProblem, qualityDetail ?? "ok"))
        {
            return new ValidationReport { Gates = gates, Model = model, HoldoutNdcg10 = ndcg };
        }

        var latency = TimeSpan.MaxValue;
        if (!Check(gates, "latency", Try(() => latency = MeasureLatency(model, rows, options.LatencyRows), "scoring for latency")))
        {
            return new ValidationReport { Gates = gates, Model = model, HoldoutNdcg10 = ndcg };
        }

        Check(gates, "latency",
            latency <= options.LatencyBudget ? null : Invariant($"scoring {options.LatencyRows} rows took {latency.TotalMilliseconds:F2} ms, budget {options.LatencyBudget.TotalMilliseconds:F0} ms"),
            Invariant($"{options.LatencyRows} rows in {latency.TotalMilliseconds:F2} ms"),
            replace: true);
        return new ValidationReport { Gates = gates, Model = model, HoldoutNdcg10 = ndcg };
    }

    /// <param name="replace">Replace the gate's previous outcome (a gate checked in two steps reports once).</param>
    private static bool Check(List<GateOutcome> gates, string gate, string? problem, string passed = "ok", bool replace = false)
    {
        if (replace && gates.Count > 0 && gates[^1].Gate == gate)
        {
            gates.RemoveAt(gates.Count - 1);
        }

        gates.Add(new GateOutcome(gate, problem is null, problem ?? passed));
        return problem is null;
    }

    /// <summary>A model can load and still fail when run: that is the gate's failure, not the caller's exception.</summary>
    private static string? Try(Action action, string what)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"{what} failed: {e.Message}";
        }
    }

    private static string? ManifestProblem(ModelManifest manifest, byte[]? holdout, bool isNewVersion)
    {
        if (ManifestRequirements.Problem(manifest) is { } problem)
        {
            return problem;
        }

        if (manifest.Holdout is null || holdout is null)
        {
            return "the package has no holdout sample to validate against";
        }

        return isNewVersion ? null : $"version {manifest.Version} is not new";
    }

    private static Holdout? ParseHoldout(byte[] holdout, RankingModel model, List<GateOutcome> gates)
    {
        try
        {
            var rows = Holdout.Parse(holdout, model.Manifest.Holdout!.File);
            if (rows.Width == model.Plan.Width)
            {
                return rows;
            }

            gates.Add(new GateOutcome("parity", false, $"holdout rows have {rows.Width} features, the model {model.Plan.Width}"));
        }
        catch (InvalidDataException e)
        {
            gates.Add(new GateOutcome("parity", false, e.Message));
        }

        return null;
    }

    private static string ParityDetail(RankingModel model, ValidationOptions options, Holdout rows, double? nativeDiff) => model.Scorer is TreeEnsembleScorer
        ? Invariant($"max |diff| within {options.ParityTolerance:0.###e+0} of the trainer and {nativeDiff:G3} (<= {options.NativeParityTolerance:0.###e+0}) of ONNX Runtime (native scorer) on {rows.Rows} rows")
        : Invariant($"max |diff| within {options.ParityTolerance:0.###e+0} on {rows.Rows} rows (ONNX Runtime: {model.NativeRefusal})");

    /// <summary>
    /// When the native scorer serves the model, ONNX Runtime scores the holdout too and <paramref name="maxDiff"/> is
    /// the largest |diff|. Beyond <see cref="ValidationOptions.NativeParityTolerance"/> the gate fails, or, with
    /// <see cref="ValidationOptions.FallBackToOnnxRuntime"/>, ONNX Runtime serves <paramref name="model"/> instead (the
    /// native one is disposed) and its scores replace <paramref name="scores"/> for the gates that follow.
    /// </summary>
    /// <returns>The gate's problem, or null.</returns>
    private static string? NativeParity(ref RankingModel model, byte[] onnx, Holdout rows, float[] scores, ValidationOptions options, out double? maxDiff)
    {
        maxDiff = null;
        if (model.Scorer is not TreeEnsembleScorer)
        {
            return null;
        }

        var reference = new float[rows.Rows];
        var onnxRuntime = OnnxScorer.Load(onnx, model.Manifest.Onnx.Input, model.Manifest.Onnx.Output, model.Plan.Width);
        try
        {
            onnxRuntime.Score(rows.Features, rows.Rows, reference);
            var worst = ScoreDifference.Max(reference, scores, out var worstRow);
            maxDiff = worst;
            if (worst <= options.NativeParityTolerance)
            {
                return null;
            }

            var problem = Invariant($"row {worstRow + 1}: the native scorer scores {scores[worstRow]}, ONNX Runtime {reference[worstRow]} (max |diff| {worst:G3} > {options.NativeParityTolerance:0.###e+0})");
            if (!options.FallBackToOnnxRuntime || options.TreesOnly)
            {
                return problem;
            }

            var native = model;
            model = native.ServedBy(onnxRuntime, "the native scorer differs from ONNX Runtime on the holdout, " + problem);
            onnxRuntime = null;
            native.Dispose();
            reference.CopyTo(scores, 0);
            return null;
        }
        finally
        {
            onnxRuntime?.Dispose();
        }
    }

    private static string? ParityProblem(Holdout rows, float[] scores, ValidationOptions options)
    {
        var worst = 0.0;
        var worstRow = 0;
        for (var i = 0; i < rows.Rows; i++)
        {
            var diff = Math.Abs(scores[i] - rows.TrainerScores[i]);
            if (diff > worst || double.IsNaN(diff))
            {
                (worst, worstRow) = (double.IsNaN(diff) ? double.PositiveInfinity : diff, i);
            }
        }

        return worst <= options.ParityTolerance ? null : Invariant($"row {worstRow + 1}: the model scores {scores[worstRow]}, the trainer {rows.TrainerScores[worstRow]} (|diff| {worst:G3} > {options.ParityTolerance:0.###e+0})");
    }

    /// <summary>
    /// The live model scores the candidate's holdout rows when every one of its features is a column there
    /// (matched by name); otherwise the comparison is not computable and the gate passes, saying so.
    /// </summary>
    private static string? QualityProblem(ModelManifest manifest, Holdout rows, double ndcg, RankingModel? live, ValidationOptions options, out string detail)
    {
        detail = Invariant($"NDCG@10 {ndcg:F4}; no live model to compare with");
        if (live is null)
        {
            return null;
        }

        var columns = new int[live.Plan.Width];
        for (var f = 0; f < columns.Length; f++)
        {
            var name = live.Manifest.Features[f].Name;
            columns[f] = IndexOf(manifest, live.Manifest.Features[f]);
            if (columns[f] < 0)
            {
                detail = Invariant($"NDCG@10 {ndcg:F4}; live {live.Version} needs '{name}' as it defines it, which the holdout lacks: not compared");
                return null;
            }
        }

        var liveRows = new float[rows.Rows * columns.Length];
        for (var r = 0; r < rows.Rows; r++)
        {
            for (var f = 0; f < columns.Length; f++)
            {
                liveRows[(r * columns.Length) + f] = rows.Features[(r * rows.Width) + columns[f]];
            }
        }

        var liveScores = new float[rows.Rows];
        live.Scorer.Score(liveRows, rows.Rows, liveScores);
        var liveNdcg = RankingEvaluator.Evaluate(rows.Labels, liveScores, rows.GroupSizes).Ndcg10;
        detail = Invariant($"NDCG@10 {ndcg:F4} vs live {live.Version} {liveNdcg:F4} on the same {rows.GroupSizes.Length} queries");
        return ndcg >= liveNdcg - options.QualityTolerance
            ? null
            : Invariant($"NDCG@10 {ndcg:F4} is below live {live.Version}'s {liveNdcg:F4} by more than {options.QualityTolerance}");
    }

    /// <summary>The candidate's column computing exactly the live feature: same name, source, field, value, default and transform.</summary>
    private static int IndexOf(ModelManifest manifest, FeatureSpec wanted)
    {
        for (var i = 0; i < manifest.Features.Count; i++)
        {
            var f = manifest.Features[i];
            if (f.Name == wanted.Name && f.Source == wanted.Source && f.Field == wanted.Field && f.Value == wanted.Value
                && f.Default.Equals(wanted.Default) && f.Transform == wanted.Transform)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Median of five runs after a warm-up, on holdout rows repeated to <paramref name="count"/>.</summary>
    private static TimeSpan MeasureLatency(RankingModel model, Holdout rows, int count)
    {
        var width = model.Plan.Width;
        var matrix = new float[count * width];
        for (var r = 0; r < count; r++)
        {
            rows.Features.AsSpan((r % rows.Rows) * width, width).CopyTo(matrix.AsSpan(r * width));
        }

        var scores = new float[count];
        model.Scorer.Score(matrix, count, scores);
        var runs = new double[5];
        for (var i = 0; i < runs.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            model.Scorer.Score(matrix, count, scores);
            runs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(runs);
        return TimeSpan.FromMilliseconds(runs[runs.Length / 2]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

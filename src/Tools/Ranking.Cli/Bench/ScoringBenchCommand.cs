using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Core.Models;

namespace Ranking.Cli.Bench;

/// <summary>
/// <c>ranking bench scoring</c>: a package's model scored by the native tree scorer, ONNX Runtime and LightGBM's own
/// predict, on the same varied matrices, interleaved in one run, after checking that the three agree.
/// </summary>
internal static class ScoringBenchCommand
{
    private const int MaxDocs = 100_000;
    private const int MaxInputs = 1_000;
    private const double MaxSeconds = 600;

    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model package folder (manifest.json, model.onnx, lightgbm.txt, holdout)", Required = true };
        var docs = new Option<string>("--docs") { Description = "Documents per call, comma-separated", DefaultValueFactory = _ => "100,500,1000" };
        var inputs = new Option<int>("--inputs") { Description = "Different matrices per doc count, taken in turn (at least 16)", DefaultValueFactory = _ => ScoringInputs.MinimumCount };
        var seconds = new Option<double>("--seconds") { Description = "Timing budget per scorer and doc count, in seconds, after a warm-up of a quarter of it", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };

        var command = new Command("scoring", "Time the native tree scorer, ONNX Runtime and LightGBM's predict on a model package") { model, docs, inputs, seconds, json };
        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var folder = parseResult.GetValue(model)!;
            if (!Directory.Exists(folder))
            {
                return context.Fail($"--model: there is no folder {folder}.");
            }

            if (!File.Exists(Path.Combine(folder, ModelManifest.FileName)))
            {
                return context.Fail($"--model: {folder} is not a model package: it has no {ModelManifest.FileName}.");
            }

            if (ParseDocs(parseResult.GetValue(docs)!) is not { } counts)
            {
                return context.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"--docs must be whole numbers of documents from 1 to {MaxDocs}, comma-separated (e.g. 100,500,1000), not '{parseResult.GetValue(docs)}'."));
            }

            var matrices = parseResult.GetValue(inputs);
            if (matrices is < ScoringInputs.MinimumCount or > MaxInputs)
            {
                return context.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"--inputs must be from {ScoringInputs.MinimumCount} (fewer matrices let the branch predictor learn the trees' paths) to {MaxInputs}."));
            }

            var budget = parseResult.GetValue(seconds);
            if (!(budget > 0 && budget <= MaxSeconds))
            {
                return context.Fail(string.Create(CultureInfo.InvariantCulture, $"--seconds must be more than 0 and at most {MaxSeconds}."));
            }

            var report = Run(context, folder, counts, matrices, budget);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, writer => ScoringReportOutput.WriteJson(writer, report));
            }
            else
            {
                ScoringReportOutput.Write(context.Out, report);
            }

            return 0;
        }));
        return command;
    }

    private static ScoringReport Run(CliContext context, string folder, int[] docCounts, int matrixCount, double seconds)
    {
        using var contenders = ScoringContenders.Load(folder);
        if (contenders.NativeRefusal is { } refusal)
        {
            context.Error.WriteLine($"note: the native scorer refuses this model and is not timed: {refusal}");
        }

        if (contenders.LightGbmSkipped is { } skipped)
        {
            context.Error.WriteLine($"note: LightGBM is not timed: {skipped}");
        }

        // Every matrix is built and every scorer checked on all of them before anything is timed.
        var matrices = new float[docCounts.Length][][];
        double? nativeDiff = null;
        double? lightGbmDiff = null;
        for (var d = 0; d < docCounts.Length; d++)
        {
            matrices[d] = contenders.Inputs.Build(docCounts[d], matrixCount);
            var (native, lightGbm) = contenders.CheckAgreement(matrices[d], docCounts[d]);
            nativeDiff = Max(nativeDiff, native);
            lightGbmDiff = Max(lightGbmDiff, lightGbm);
        }

        var scorers = new List<ScoreBatch> { contenders.OnnxRuntime.Score };
        if (contenders.Native is { } nativeScorer)
        {
            scorers.Add(nativeScorer.Score);
        }

        if (contenders.LightGbm is { } predictor)
        {
            scorers.Add(predictor.Predict);
        }

        var trees = contenders.Trees?.TreeCount;
        var rows = new List<ScoringRow>(docCounts.Length);
        for (var d = 0; d < docCounts.Length; d++)
        {
            var docs = docCounts[d];
            var (medians, repetitions) = InterleavedTimer.Measure(scorers, matrices[d], docs, TimeSpan.FromSeconds(seconds));
            var next = 1;
            rows.Add(new ScoringRow(
                docs,
                repetitions,
                Timing(medians[0], docs, trees),
                contenders.Native is null ? null : Timing(medians[next++], docs, trees),
                contenders.LightGbm is null ? null : Timing(medians[next], docs, trees)));
        }

        return new ScoringReport
        {
            Model = contenders.Manifest.Name,
            Version = contenders.Manifest.Version,
            Features = contenders.Width,
            Trees = trees,
            InputSource = contenders.Inputs.Source,
            InputDescription = contenders.Inputs.Description,
            Matrices = matrixCount,
            SecondsPerScorer = seconds,
            NativeRefusal = contenders.NativeRefusal,
            LightGbmSkipped = contenders.LightGbmSkipped,
            NativeMaxDiff = nativeDiff,
            LightGbmMaxDiff = lightGbmDiff,
            Rows = rows,
        };
    }

    private static ScoringTiming Timing(double medianNs, int docs, int? trees) =>
        new(medianNs, trees is > 0 ? medianNs / docs / trees.Value : null);

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <returns>The doc counts, or null when the list is empty or an entry is not a whole number in range.</returns>
    private static int[]? ParseDocs(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var counts = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] is < 1 or > MaxDocs)
            {
                return null;
            }
        }

        return counts;
    }
}

using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Spectre.Console;

namespace Ranking.Cli.Simulation;

/// <summary>What <c>simulate</c> prints as each day ends, its closing tables, and <c>simulation.json</c>.</summary>
internal static class SimulationOutput
{
    public static void PrintDay(CliContext context, SurfaceDay day)
    {
        var line = Invariant($"day {day.Day} {day.Surface}: live v{day.LiveVersion}, {day.Impressions} impressions, true NDCG@10 {day.TrueNdcg10:F4}, CTR {day.Ctr:F3}");
        foreach (var candidate in day.Candidates)
        {
            line += Invariant($"; {candidate.Training} v{candidate.Version}: gate {Gate(candidate)}, truth {Truth(candidate)}");
        }

        if (day.TrainingProblem is { } problem)
        {
            line += $"; not trained: {problem}";
        }

        context.Stdout.WriteLine(line + $"; next day v{day.LiveAfter}");
    }

    public static void PrintSummary(CliContext context, SimulationResult result)
    {
        // A candidate's cell: the click-based quality gate's verdict, then its true NDCG@10 minus live's on the same held-out impressions; * went to serve.
        var days = new Table { Title = new TableTitle("the live model per day; each candidate's gate verdict and true gain over live") };
        foreach (var column in new[] { "day", "surface", "live", "true NDCG@10", "CTR", "plain", "debiased", "next" })
        {
            days.AddColumn(column);
        }

        foreach (var day in result.Days)
        {
            days.AddRow(
                Invariant($"{day.Day}"), day.Surface, day.LiveVersion, Number(day.TrueNdcg10), Number(day.Ctr, "F3"),
                Markup.Escape(Verdicts(day, ClosedLoopSimulator.Plain)), Markup.Escape(Verdicts(day, ClosedLoopSimulator.Debiased)), day.LiveAfter);
        }

        context.Out.Write(days);
        var agreement = new Table { Title = new TableTitle(Invariant($"does the click-based quality gate agree with the truth? (tolerance {result.QualityTolerance})")) };
        foreach (var column in new[] { "training", "decided", "agreed", "passed", "truly not worse", "mean true gain" })
        {
            agreement.AddColumn(column);
        }

        foreach (var summary in GateSummaries(result))
        {
            agreement.AddRow(
                summary.Training, Invariant($"{summary.Decided}"), Invariant($"{summary.Agreed} ({Share(summary.Agreed, summary.Decided)})"),
                Invariant($"{summary.Passed}"), Invariant($"{summary.TrulyNotWorse}"), Invariant($"{summary.MeanTrueGain:+0.0000;-0.0000}"));
        }

        context.Out.Write(agreement);
        if (result.ExperimentSkipped is { } skipped)
        {
            context.Stdout.WriteLine(skipped);
        }

        if (result.Experiments.Count == 0)
        {
            return;
        }

        var experiments = new Table { Title = new TableTitle($"experiments: {result.Experiments[0].WorseModel} (control) against {result.Experiments[0].BetterModel} (treatment) on {result.Experiments[0].Surface}") };
        foreach (var column in new[] { "mode", "runs", "significant", "median impressions to p < 0.05", "each run", "true NDCG@10" })
        {
            experiments.AddColumn(column);
        }

        foreach (var summary in ExperimentSummaries(result))
        {
            experiments.AddRow(
                summary.Mode, Invariant($"{summary.Runs}"), Invariant($"{summary.Reached}"),
                summary.MedianImpressions is { } median ? Invariant($"{median:0.#}") : "not reached",
                string.Join(" ", summary.Each.Select(n => n is { } v ? Invariant($"{v}") : "-")),
                string.Join(", ", summary.TrueNdcg10.Select(t => Invariant($"{t.Key} {t.Value:F3}"))));
        }

        context.Out.Write(experiments);
    }

    /// <summary>
    /// Per mode: how many runs reached p &lt; 0.05 for the better model within their impressions, the median over all
    /// runs of the impressions that took, and the arms' mean true NDCG@10.
    /// </summary>
    internal static IEnumerable<ExperimentSummary> ExperimentSummaries(SimulationResult result) =>
        result.Experiments.GroupBy(r => r.Mode, StringComparer.Ordinal).Select(group =>
        {
            var each = group.OrderBy(r => r.Repeat).Select(r => r.ImpressionsToSignificance).ToList();
            // A run that never got there ranks above every one that did; the median is not reached when a middle run was not.
            var sorted = each.Select(n => n ?? int.MaxValue).Order().ToList();
            var (low, high) = (sorted[(sorted.Count - 1) / 2], sorted[sorted.Count / 2]);
            double? median = high == int.MaxValue ? null : (low + (double)high) / 2;
            var truth = group.SelectMany(r => r.TrueNdcg10).GroupBy(t => t.Key, StringComparer.Ordinal)
                .OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Average(v => v.Value), StringComparer.Ordinal);
            return new ExperimentSummary(group.Key, each.Count, each.Count(n => n is not null), median, each, truth);
        });

    internal sealed record ExperimentSummary(string Mode, int Runs, int Reached, double? MedianImpressions, IReadOnlyList<int?> Each, IReadOnlyDictionary<string, double> TrueNdcg10);

    public static void WriteJson(Utf8JsonWriter writer, SimulationResult result)
    {
        var options = result.Options;
        writer.WriteStartObject();
        writer.WriteStartObject("options");
        writer.WriteNumber("days", options.Days);
        writer.WriteNumber("users", options.Users);
        writer.WriteNumber("requestsPerDay", options.RequestsPerDay);
        writer.WriteNumber("seed", options.Seed);
        writer.WriteNumber("pageSize", options.PageSize);
        writer.WriteNumber("trees", options.Trees);
        writer.WriteBoolean("positionDebias", options.PositionDebias);
        writer.WriteString("experiment", options.Experiment);
        writer.WriteEndObject();
        writer.WriteNumber("qualityTolerance", result.QualityTolerance);
        writer.WriteStartArray("days");
        foreach (var day in result.Days)
        {
            writer.WriteStartObject();
            writer.WriteNumber("day", day.Day);
            writer.WriteString("date", day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("surface", day.Surface);
            writer.WriteString("liveVersion", day.LiveVersion);
            writer.WriteNumber("impressions", day.Impressions);
            WriteNumber(writer, "trueNdcg10", day.TrueNdcg10);
            WriteNumber(writer, "ctr", day.Ctr);
            WriteNumber(writer, "purchasesPerImpression", day.PurchasesPerImpression);
            writer.WriteNumber("fallbacks", day.Fallbacks);
            writer.WriteStartArray("candidates");
            foreach (var candidate in day.Candidates)
            {
                writer.WriteStartObject();
                writer.WriteString("training", candidate.Training);
                writer.WriteString("version", candidate.Version);
                writer.WriteBoolean("submitted", candidate.Submitted);
                writer.WriteBoolean("passedGates", candidate.PassedGates);
                if (candidate.QualityPassed is { } quality)
                {
                    writer.WriteBoolean("qualityPassed", quality);
                }
                else
                {
                    writer.WriteNull("qualityPassed");
                }

                writer.WriteString("gates", candidate.Gates);
                writer.WriteNumber("holdoutImpressions", candidate.HoldoutImpressions);
                WriteNumber(writer, "clickNdcg10", candidate.ClickNdcg10);
                WriteNumber(writer, "liveClickNdcg10", candidate.LiveClickNdcg10);
                WriteNumber(writer, "trueNdcg10", candidate.TrueNdcg10);
                WriteNumber(writer, "liveTrueNdcg10", candidate.LiveTrueNdcg10);
                writer.WriteBoolean("trulyNotWorse", candidate.TrulyNotWorse(result.QualityTolerance));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("trainingProblem", day.TrainingProblem);
            writer.WriteString("liveAfter", day.LiveAfter);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("gateAgreement");
        foreach (var summary in GateSummaries(result))
        {
            writer.WriteStartObject();
            writer.WriteString("training", summary.Training);
            writer.WriteNumber("decided", summary.Decided);
            writer.WriteNumber("agreed", summary.Agreed);
            writer.WriteNumber("passed", summary.Passed);
            writer.WriteNumber("trulyNotWorse", summary.TrulyNotWorse);
            WriteNumber(writer, "meanTrueNdcg10GainOverLive", summary.MeanTrueGain);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("experimentSkipped", result.ExperimentSkipped);
        writer.WriteStartArray("experimentSummaries");
        foreach (var summary in ExperimentSummaries(result))
        {
            writer.WriteStartObject();
            writer.WriteString("mode", summary.Mode);
            writer.WriteNumber("runs", summary.Runs);
            writer.WriteNumber("reached", summary.Reached);
            JsonOutput.WriteNumberOrNull(writer, "medianImpressionsToSignificance", summary.MedianImpressions);
            WriteByArm(writer, summary.TrueNdcg10);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("experiments");
        foreach (var run in result.Experiments)
        {
            writer.WriteStartObject();
            writer.WriteString("mode", run.Mode);
            writer.WriteNumber("repeat", run.Repeat);
            writer.WriteString("surface", run.Surface);
            writer.WriteString("control", run.WorseModel);
            writer.WriteString("treatment", run.BetterModel);
            JsonOutput.WriteNumberOrNull(writer, "impressionsToSignificance", run.ImpressionsToSignificance);

            WriteByArm(writer, run.TrueNdcg10);
            writer.WriteStartArray("checkpoints");
            foreach (var checkpoint in run.Checkpoints)
            {
                writer.WriteStartObject();
                writer.WriteNumber("impressions", checkpoint.Impressions);
                writer.WriteNumber("pValue", checkpoint.PValue);
                writer.WriteString("leader", checkpoint.Leader);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Per training kind: how often the quality gate decided, agreed with the truth, passed, and how much truly better the candidates were.</summary>
    internal static IEnumerable<GateSummary> GateSummaries(SimulationResult result) =>
        result.Days.SelectMany(d => d.Candidates).GroupBy(c => c.Training, StringComparer.Ordinal).Select(group =>
        {
            var decided = group.Where(c => c.QualityPassed is not null).ToList();
            var gains = group.Where(c => double.IsFinite(c.TrueNdcg10 - c.LiveTrueNdcg10)).Select(c => c.TrueNdcg10 - c.LiveTrueNdcg10).ToList();
            return new GateSummary(
                group.Key,
                decided.Count,
                decided.Count(c => c.AgreesWithTruth(result.QualityTolerance) == true),
                decided.Count(c => c.QualityPassed == true),
                decided.Count(c => c.TrulyNotWorse(result.QualityTolerance)),
                gains.Count == 0 ? double.NaN : gains.Average());
        });

    internal sealed record GateSummary(string Training, int Decided, int Agreed, int Passed, int TrulyNotWorse, double MeanTrueGain);

    private static string Verdicts(SurfaceDay day, string training) =>
        day.Candidates.FirstOrDefault(c => c.Training == training) is { } candidate
            ? Invariant($"{GateWord(candidate)} {candidate.TrueNdcg10 - candidate.LiveTrueNdcg10:+0.000;-0.000}{(candidate.Submitted ? "*" : "")}")
            : "-";

    private static string GateWord(CandidateVerdict candidate) => candidate.QualityPassed switch { true => "pass", false => "fail", null => "stop" };

    private static string Gate(CandidateVerdict candidate) => candidate.QualityPassed is null
        ? "stopped: " + candidate.Gates
        : Invariant($"{GateWord(candidate)} ({candidate.ClickNdcg10:F3} vs {candidate.LiveClickNdcg10:F3})");

    private static string Truth(CandidateVerdict candidate) =>
        Invariant($"{candidate.TrueNdcg10 - candidate.LiveTrueNdcg10:+0.000;-0.000} ({candidate.TrueNdcg10:F3} vs {candidate.LiveTrueNdcg10:F3})");

    private static string Share(int part, int whole) => whole == 0 ? "-" : Invariant($"{100.0 * part / whole:F0}%");

    private static string Number(double value, string format = "F4") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary><c>"trueNdcg10": {arm: value}</c>, arms in name order.</summary>
    private static void WriteByArm(Utf8JsonWriter writer, IReadOnlyDictionary<string, double> trueNdcg10)
    {
        writer.WriteStartObject("trueNdcg10");
        foreach (var (arm, value) in trueNdcg10.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            WriteNumber(writer, arm, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value) =>
        JsonOutput.WriteNumberOrNull(writer, name, double.IsFinite(value) ? value : null);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

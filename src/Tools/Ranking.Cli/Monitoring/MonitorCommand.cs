using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Experiments;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Core.Models;
using Ranking.Training.Datasets;
using Ranking.Training.Experiments;

namespace Ranking.Cli.Monitoring;

/// <summary>
/// <c>ranking monitor --logs DIR --model PKG</c>: the model's online metrics by version (the experiment report's
/// statistics, each version against the package's), and the drift of every logged row of the package's version
/// against the baseline in its manifest.
/// </summary>
internal static class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Option<string>("--logs") { Description = "Log folder of serve --log-dir (impressions/..., events/...)", Required = true };
        var model = new Option<string>("--model") { Description = "Model package folder (its manifest names the model, version and baseline)", Required = true };
        var attribution = new Option<string>("--attribution") { Description = "How long after an impression its events count: 45s, 30m, 2h, 1d", DefaultValueFactory = _ => "30m" };
        var k = new Option<int>("--k") { Description = "k of CTR@k", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML page with charts to this file" };
        var command = new Command("monitor", "Online metrics by model version and drift against the package's training baseline, from the logs")
        {
            logs, model, attribution, k, json, html,
        };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            ModelManifest manifest;
            try
            {
                manifest = Stores.Models.ModelDirectory.Read(parse.GetRequiredValue(model)).Manifest;
            }
            catch (InvalidDataException e)
            {
                return context.Fail($"--model: {e.Message}");
            }

            TimeSpan window;
            try
            {
                window = DurationText.Parse(parse.GetRequiredValue(attribution));
            }
            catch (FormatException e)
            {
                return context.Fail($"--attribution: {e.Message}");
            }

            var cutoff = parse.GetValue(k);
            if (cutoff is < 1 or > 100)
            {
                return context.Fail("--k must be from 1 to 100");
            }

            var folder = parse.GetRequiredValue(logs);
            ExperimentOutcomeSet set;
            IReadOnlyList<DriftLine> drift;
            try
            {
                set = await Task.Run(() => ExperimentOutcomes.Read(new ExperimentOutcomeOptions { LogsDirectory = folder, ModelName = manifest.Name, Attribution = window, K = cutoff }, cancellationToken), cancellationToken);
                drift = await Task.Run(() => LoggedDrift.Measure(folder, manifest, null, null, cancellationToken), cancellationToken);
            }
            catch (InvalidDataException e)
            {
                return context.Fail(e.Message);
            }

            // Versions take the variants' place: each is compared with the package's own.
            var byVersion = set.Outcomes.Select(o => o with { Variant = o.ModelVersion ?? "(none)", Mode = "ab", Winner = null }).ToList();
            var control = byVersion.Any(o => o.Variant == manifest.Version) ? manifest.Version : null;
            var report = ExperimentReport.Build(manifest.Name, byVersion, cutoff, control: control);
            var title = $"Model {manifest.Name}: online metrics by version, drift of version {manifest.Version}";
            if (parse.GetValue(html) is { } page)
            {
                await File.WriteAllTextAsync(page, ExperimentReportHtml.Render(report, title, drift), cancellationToken);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, w => WriteJson(w, manifest, report, drift), indented: true);
                return 0;
            }

            var text = new StringBuilder(ExperimentReportCommand.Text(report, set, $"model {manifest.Name}: online metrics by version (each against version {report.Control})", unit: "version"));
            text.Append(CultureInfo.InvariantCulture, $"drift of {manifest.Name}/{manifest.Version} against its training baseline, {drift[0].Rows:N0} logged rows (PSI: under 0.1 stable, 0.1-0.2 worth a look, over 0.2 shifted)\n");
            var width = drift.Max(d => d.Name.Length);
            foreach (var line in drift)
            {
                var flag = line.Psi > 0.2 ? "  shifted" : line.Psi > 0.1 ? "  look" : "";
                text.Append(CultureInfo.InvariantCulture, $"  {line.Name.PadRight(width)}  {line.Psi:0.0000}{(line.MissingShare > 0 ? $"  ({line.MissingShare:P1} missing)" : "")}{flag}\n");
            }

            context.Stdout.Write(text.ToString());
            if (parse.GetValue(html) is { } written)
            {
                context.Stdout.WriteLine($"wrote {written}");
            }

            return 0;
        }));
        return command;
    }

    private static void WriteJson(Utf8JsonWriter w, ModelManifest manifest, ExperimentReport report, IReadOnlyList<DriftLine> drift)
    {
        w.WriteStartObject();
        w.WriteString("model", manifest.Name);
        w.WriteString("version", manifest.Version);
        w.WriteNumber("k", report.K);
        w.WriteStartArray("versions");
        foreach (var v in report.Variants)
        {
            w.WriteStartObject();
            w.WriteString("version", v.Variant);
            w.WriteNumber("impressions", v.Impressions);
            w.WriteNumber("users", v.Users);
            ExperimentReportCommand.Estimate(w, ExperimentReport.CtrMetric, v.CtrAtK);
            ExperimentReportCommand.Estimate(w, ExperimentReport.PurchasesMetric, v.PurchasesPerImpression);
            ExperimentReportCommand.Estimate(w, ExperimentReport.NdcgMetric, v.Ndcg10);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("drift");
        w.WriteNumber("rows", drift[0].Rows);
        w.WriteStartArray("psi");
        foreach (var line in drift)
        {
            w.WriteStartObject();
            w.WriteString("name", line.Name);
            w.WriteNumber("psi", line.Psi);
            w.WriteNumber("missingShare", line.MissingShare);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

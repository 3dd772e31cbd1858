using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Training.Datasets;
using Ranking.Training.Experiments;

namespace Ranking.Cli.Experiments;

/// <summary>
/// <c>ranking experiments report</c>: per variant impressions, users, CTR@k, purchases per impression and NDCG@10
/// from clicks with 95% bootstrap intervals over users and the p-value of each difference from the control; under
/// interleaving, the impressions each team won and the binomial test. From the logs alone (serve's --log-dir, or the
/// bucket's logs copied down), through the same SQL Athena runs.
/// </summary>
internal static class ExperimentReportCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Option<string>("--logs") { Description = "Log folder of serve --log-dir (impressions/..., events/...)", Required = true };
        var experiment = new Option<string>("--experiment") { Description = "Experiment id", Required = true };
        var surface = new Option<string?>("--surface") { Description = "Only this surface's impressions (default: every surface's)" };
        var from = new Option<string?>("--from") { Description = "First impression day, YYYY-MM-DD (default: the oldest logged)" };
        var to = new Option<string?>("--to") { Description = "Last impression day, YYYY-MM-DD (default: the newest logged)" };
        var attribution = new Option<string>("--attribution") { Description = "How long after an impression its events count: 45s, 30m, 2h, 1d", DefaultValueFactory = _ => "30m" };
        var k = new Option<int>("--k") { Description = "k of CTR@k: an impression counts as clicked when an item at a position up to k was", DefaultValueFactory = _ => 10 };
        var samples = new Option<int>("--bootstrap") { Description = "Bootstrap resamples over users", DefaultValueFactory = _ => 1000 };
        var control = new Option<string?>("--control") { Description = "Variant the others are compared with (default: control, else the first by name)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML page with charts to this file" };
        var command = new Command("report", "Report an experiment's online metrics with confidence intervals, from the logs")
        {
            logs, experiment, surface, from, to, attribution, k, samples, control, json, html,
        };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            if (!TryDay(parse.GetValue(from), "--from", out var first, out var problem) || !TryDay(parse.GetValue(to), "--to", out var last, out problem))
            {
                return context.Fail(problem);
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

            var (cutoff, resamples) = (parse.GetValue(k), parse.GetValue(samples));
            if (cutoff is < 1 or > 100 || resamples is < 100 or > 100_000)
            {
                return context.Fail("--k must be from 1 to 100 and --bootstrap from 100 to 100000");
            }

            var id = parse.GetRequiredValue(experiment);
            ExperimentOutcomeSet set;
            try
            {
                set = await Task.Run(() => ExperimentOutcomes.Read(new ExperimentOutcomeOptions
                {
                    LogsDirectory = parse.GetRequiredValue(logs),
                    ExperimentId = id,
                    Surface = parse.GetValue(surface),
                    From = first,
                    To = last,
                    Attribution = window,
                    K = cutoff,
                }, cancellationToken), cancellationToken);
            }
            catch (InvalidDataException e)
            {
                return context.Fail(e.Message);
            }

            var report = ExperimentReport.Build(id, set.Outcomes, cutoff, resamples, control: parse.GetValue(control));
            if (parse.GetValue(html) is { } page)
            {
                await File.WriteAllTextAsync(page, ExperimentReportHtml.Render(report), cancellationToken);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, w => WriteJson(w, report, set), indented: true);
            }
            else
            {
                var heading = string.Create(CultureInfo.InvariantCulture,
                    $"experiment {report.ExperimentId} ({report.Mode}): {set.Outcomes.Count} impressions; 95% intervals from {report.BootstrapSamples} bootstrap resamples of users");
                context.Stdout.Write(Text(report, set, heading));
                if (parse.GetValue(html) is { } written)
                {
                    context.Stdout.WriteLine($"wrote {written}");
                }
            }

            return 0;
        }));
        return command;
    }

    private static bool TryDay(string? text, string option, out DateOnly? day, out string problem)
    {
        day = null;
        problem = "";
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        problem = $"{option} '{text}' is not a day (YYYY-MM-DD)";
        return false;
    }

    /// <summary>Plain aligned text: the same in a terminal and a pipe (no wrapping mid-value).</summary>
    /// <param name="unit">What the report's groups are: variants, or (for <c>monitor</c>) model versions.</param>
    internal static string Text(ExperimentReport report, ExperimentOutcomeSet set, string heading, string unit = "variant")
    {
        var text = new StringBuilder(heading).Append('\n');
        if (set.Malformed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{set.Malformed} malformed log lines skipped (of {set.Lines})\n");
            foreach (var line in set.MalformedLines)
            {
                text.Append(CultureInfo.InvariantCulture, $"  malformed: {line.File}:{line.Line}: {line.Problem}\n");
            }
        }

        string[] header = [unit, "impressions", "users", $"CTR@{report.K}", "purchases/impression", "NDCG@10 (clicks)"];
        var rows = new List<string[]> { header };
        foreach (var v in report.Variants)
        {
            rows.Add([v.Variant, Count(v.Impressions), Count(v.Users), Interval(v.CtrAtK), Interval(v.PurchasesPerImpression), Interval(v.Ndcg10)]);
        }

        Align(text, rows);
        foreach (var v in report.Variants.Where(v => v.VersusControl is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"{v.Variant} - {report.Control}:");
            foreach (var (metric, d) in v.VersusControl!)
            {
                text.Append(CultureInfo.InvariantCulture, $" {metric} {Signed(d.Value)} [{Signed(d.Low)}, {Signed(d.High)}] p{PValue(d.PValue, report.BootstrapSamples)};");
            }

            text.Length--;
            text.Append('\n');
        }

        if (report.Interleaving is { } i)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"interleaving: {i.TeamA} won {Count(i.WinsA)}, {i.TeamB} won {Count(i.WinsB)}, {Count(i.Ties)} ties or no click; {i.TeamA}'s share of decided impressions {i.PreferenceA:0.0000} (binomial test p{PValue(i.PValue)})\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>=0.042</c>, or <c>&lt;0.001</c>; a bootstrap p-value at its floor (no resample crossed zero) is only known to be
    /// at most one resample's share, so it reads <c>&lt;=</c> that.
    /// </summary>
    internal static string PValue(double p, int? bootstrapSamples = null) =>
        double.IsNaN(p) ? "=-"
        : bootstrapSamples is { } b && p <= 1.0 / b ? $"<={(1.0 / b).ToString("0.#####", CultureInfo.InvariantCulture)}"
        : p < 0.001 ? "<0.001"
        : "=" + p.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A difference with its sign, rounded first so a value that rounds to zero reads +0.0000.</summary>
    internal static string Signed(double value)
    {
        if (!double.IsFinite(value))
        {
            return "-";
        }

        var rounded = Math.Round(value, 4);
        return (rounded == 0 ? 0 : rounded).ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture);
    }

    private static string Interval(MetricEstimate m) =>
        !double.IsFinite(m.Value) ? "-" : !double.IsFinite(m.Low) ? m.Value.ToString("0.0000", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{m.Value:0.0000} [{m.Low:0.0000}, {m.High:0.0000}]");

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static void Align(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendJoin("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
            text.Append('\n');
        }
    }

    internal static void WriteJson(Utf8JsonWriter w, ExperimentReport report, ExperimentOutcomeSet set)
    {
        w.WriteStartObject();
        w.WriteString("experiment", report.ExperimentId);
        w.WriteString("mode", report.Mode);
        w.WriteNumber("k", report.K);
        w.WriteNumber("bootstrapSamples", report.BootstrapSamples);
        w.WriteNumber("lines", set.Lines);
        w.WriteNumber("malformed", set.Malformed);
        w.WriteStartArray("variants");
        foreach (var v in report.Variants)
        {
            w.WriteStartObject();
            w.WriteString("variant", v.Variant);
            w.WriteNumber("impressions", v.Impressions);
            w.WriteNumber("users", v.Users);
            Estimate(w, ExperimentReport.CtrMetric, v.CtrAtK);
            Estimate(w, ExperimentReport.PurchasesMetric, v.PurchasesPerImpression);
            Estimate(w, ExperimentReport.NdcgMetric, v.Ndcg10);
            if (v.VersusControl is { } versus)
            {
                w.WriteStartObject("versusControl");
                foreach (var (metric, d) in versus)
                {
                    w.WriteStartObject(metric);
                    Number(w, "value", d.Value);
                    Number(w, "low", d.Low);
                    Number(w, "high", d.High);
                    Number(w, "pValue", d.PValue);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (report.Interleaving is { } i)
        {
            w.WriteStartObject("interleaving");
            w.WriteString("teamA", i.TeamA);
            w.WriteString("teamB", i.TeamB);
            w.WriteNumber("impressions", i.Impressions);
            w.WriteNumber("winsA", i.WinsA);
            w.WriteNumber("winsB", i.WinsB);
            w.WriteNumber("ties", i.Ties);
            w.WriteNumber("preferenceA", i.PreferenceA);
            w.WriteNumber("pValue", i.PValue);
            w.WriteEndObject();
        }

        w.WriteStartArray("daily");
        foreach (var point in report.Daily)
        {
            w.WriteStartObject();
            w.WriteString("day", point.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("variant", point.Variant);
            w.WriteNumber("impressions", point.Impressions);
            w.WriteNumber("value", point.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void Estimate(Utf8JsonWriter w, string name, MetricEstimate m)
    {
        w.WriteStartObject(name);
        Number(w, "value", m.Value);
        Number(w, "low", m.Low);
        Number(w, "high", m.High);
        w.WriteEndObject();
    }

    /// <summary>A number, or null where there is none (NDCG of a variant without a click is NaN).</summary>
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

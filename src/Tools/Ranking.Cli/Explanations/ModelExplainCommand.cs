using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Spectre.Console;

namespace Ranking.Cli.Explanations;

/// <summary>
/// <c>ranking models explain --model DIR</c>: a local package's global feature importance (gain, splits, mean |SHAP|
/// over its holdout), most important first. A table for people, <c>--json</c> for scripts; a bad folder is exit 2.
/// </summary>
internal static class ModelExplainCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model package folder (manifest.json, model.onnx, lightgbm.txt, holdout)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var top = new Option<int?>("--top") { Description = "Show only the N most important features" };
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--top must be at least 1.");
            }
        });
        var command = new Command("explain", "Global feature importance of a local model package: gain and splits per feature, mean |SHAP| over its holdout")
        {
            model, json, top,
        };
        command.SetAction(CommandErrors.Guard(context, parse =>
        {
            var report = ImportanceReport.Build(parse.GetValue(model)!);
            var rows = parse.GetValue(top) is { } n ? report.Rows.Take(n).ToList() : report.Rows;
            if (parse.GetValue(json))
            {
                WriteJson(context, report, rows);
            }
            else
            {
                context.Out.Write(Table(report, rows));
                foreach (var note in Notes(report))
                {
                    context.Out.WriteLine(note);
                }
            }

            return 0;
        }));
        return command;
    }

    private static Table Table(ImportanceReport report, IReadOnlyList<ImportanceRow> rows)
    {
        var totalGain = report.Rows.Sum(r => r.Gain ?? 0);
        var table = new Table { Title = new TableTitle(Markup.Escape($"{report.Name} {report.Version}")) }
            .AddColumn("feature")
            .AddColumn(new TableColumn("gain").RightAligned())
            .AddColumn(new TableColumn("gain %").RightAligned())
            .AddColumn(new TableColumn("splits").RightAligned())
            .AddColumn(new TableColumn("mean |SHAP|").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Feature),
                row.Gain is { } gain ? gain.ToString("F1", CultureInfo.InvariantCulture) : "-",
                row.Gain is { } share && totalGain > 0 ? (100 * share / totalGain).ToString("F1", CultureInfo.InvariantCulture) : "-",
                row.Splits.ToString(CultureInfo.InvariantCulture),
                row.MeanAbsShap is { } shap ? shap.ToString("F5", CultureInfo.InvariantCulture) : "-");
        }

        return table;
    }

    private static IEnumerable<string> Notes(ImportanceReport report)
    {
        if (report.GainUnavailable is { } noGain)
        {
            yield return $"gain unavailable: {noGain}";
        }

        if (report.ShapUnavailable is { } noShap)
        {
            yield return $"mean |SHAP| unavailable: {noShap}";
        }
        else
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"mean |SHAP| over {report.HoldoutRows} holdout rows; base value {report.BaseValue:G6}");
        }
    }

    private static void WriteJson(CliContext context, ImportanceReport report, IReadOnlyList<ImportanceRow> rows) => JsonOutput.Write(context.Stdout, w =>
    {
        w.WriteStartObject();
        w.WriteString("name", report.Name);
        w.WriteString("version", report.Version);
        JsonOutput.WriteNumberOrNull(w, "base", report.BaseValue);
        w.WriteNumber("holdoutRows", report.HoldoutRows);
        w.WriteString("gainUnavailable", report.GainUnavailable);
        w.WriteString("shapUnavailable", report.ShapUnavailable);
        w.WriteStartArray("features");
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteString("feature", row.Feature);
            JsonOutput.WriteNumberOrNull(w, "gain", row.Gain);
            w.WriteNumber("splits", row.Splits);
            JsonOutput.WriteNumberOrNull(w, "meanAbsShap", row.MeanAbsShap);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }, indented: true);
}

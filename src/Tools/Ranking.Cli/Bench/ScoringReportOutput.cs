using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Rendering;
using Spectre.Console;

namespace Ranking.Cli.Bench;

/// <summary><c>bench scoring</c>'s report for people (lines and a table) and for scripts (one JSON object, stable field names).</summary>
internal static class ScoringReportOutput
{
    public static void WriteJson(Utf8JsonWriter json, ScoringReport report)
    {
        json.WriteStartObject();
        json.WriteString("model", report.Model);
        json.WriteString("version", report.Version);
        json.WriteNumber("features", report.Features);
        JsonOutput.WriteNumberOrNull(json, "trees", report.Trees);
        json.WriteStartObject("inputs");
        json.WriteString("source", report.InputSource);
        json.WriteString("description", report.InputDescription);
        json.WriteNumber("matrices", report.Matrices);
        json.WriteNumber("seed", ScoringInputs.Seed);
        json.WriteEndObject();
        json.WriteNumber("secondsPerScorer", report.SecondsPerScorer);
        json.WriteString("nativeRefusal", report.NativeRefusal);
        json.WriteString("lightGbmSkipped", report.LightGbmSkipped);
        json.WriteStartObject("maxAbsDiff");
        JsonOutput.WriteNumberOrNull(json, "nativeVsOnnxRuntime", report.NativeMaxDiff);
        JsonOutput.WriteNumberOrNull(json, "lightGbmVsOnnxRuntime", report.LightGbmMaxDiff);
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var row in report.Rows)
        {
            json.WriteStartObject();
            json.WriteNumber("docs", row.Docs);
            json.WriteNumber("repetitions", row.Repetitions);
            WriteTiming(json, "onnxRuntime", row.OnnxRuntime);
            WriteTiming(json, "native", row.Native);
            WriteTiming(json, "lightGbm", row.LightGbm);
            JsonOutput.WriteNumberOrNull(json, "nativeToOnnxRuntime", row.NativeToOnnxRuntime);
            JsonOutput.WriteNumberOrNull(json, "lightGbmToOnnxRuntime", row.LightGbmToOnnxRuntime);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What was measured and how, then a row per doc count.</summary>
    public static void Write(IAnsiConsole console, ScoringReport report)
    {
        var trees = report.Trees is { } count ? count.ToString(CultureInfo.InvariantCulture) : "not a tree ensemble";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Model}/{report.Version}: {report.Features} features, trees: {trees}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"inputs: {report.Matrices} matrices per doc count, taken in turn; {report.InputDescription}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"max |diff| vs ONNX Runtime: native {Diff(report.NativeMaxDiff)}, LightGBM {Diff(report.LightGbmMaxDiff)}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one thread each, interleaved per repetition, about {report.SecondsPerScorer:0.###} s per scorer per doc count after warm-up; medians per call"));
        console.Write(Table(report));
    }

    /// <summary>A row per doc count and scorer, so the table fits a terminal however many scorers ran.</summary>
    private static Table Table(ScoringReport report)
    {
        var table = new Table();
        table.AddColumn(new TableColumn("docs").RightAligned());
        table.AddColumn("scorer");
        table.AddColumn(new TableColumn("median/call").RightAligned());
        table.AddColumn(new TableColumn("ns/doc/tree").RightAligned());
        table.AddColumn(new TableColumn("vs ORT").RightAligned());
        table.AddColumn(new TableColumn("calls").RightAligned());
        foreach (var row in report.Rows)
        {
            var docs = row.Docs.ToString(CultureInfo.InvariantCulture);
            var calls = row.Repetitions.ToString(CultureInfo.InvariantCulture);
            table.AddRow(docs, "ONNX Runtime", Micros(row.OnnxRuntime), PerDocTree(row.OnnxRuntime), "1.00", calls);
            if (row.Native is { } native)
            {
                table.AddRow("", "native", Micros(native), PerDocTree(native), Ratio(row.NativeToOnnxRuntime), calls);
            }

            if (row.LightGbm is { } lightGbm)
            {
                table.AddRow("", "LightGBM", Micros(lightGbm), PerDocTree(lightGbm), Ratio(row.LightGbmToOnnxRuntime), calls);
            }
        }

        return table;
    }

    private static void WriteTiming(Utf8JsonWriter json, string name, ScoringTiming? timing)
    {
        if (timing is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("medianNs", timing.MedianNs);
        JsonOutput.WriteNumberOrNull(json, "nsPerDocTree", timing.NsPerDocTree);
        json.WriteEndObject();
    }

    private static string Micros(ScoringTiming timing) => string.Create(CultureInfo.InvariantCulture, $"{timing.MedianNs / 1000:N1} us");

    private static string PerDocTree(ScoringTiming timing) =>
        timing.NsPerDocTree is { } value ? value.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? ratio) => ratio is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Diff(double? diff) => diff is { } value ? value.ToString("G3", CultureInfo.InvariantCulture) : "not measured";
}

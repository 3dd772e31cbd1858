using System.Globalization;
using System.Text.Json;
using Ranking.Training.Datasets;
using Spectre.Console;

namespace Ranking.Cli.Datasets;

/// <summary>What <c>dataset build</c> prints at the end: a table for people, one JSON object for scripts.</summary>
internal static class DatasetSummaryOutput
{
    public static void Print(IAnsiConsole console, DatasetBuildSummary summary, double seconds)
    {
        console.WriteLine($"dataset of surface {summary.Surface}, impressions of dt {Day(summary.From)} to {Day(summary.To)}");
        var table = new Table();
        table.AddColumn("");
        table.AddColumn(new TableColumn("count").RightAligned());
        void Row(string what, long count) => table.AddRow(Markup.Escape(what), count.ToString("N0", CultureInfo.InvariantCulture));
        Row("files (impressions)", summary.ImpressionFiles);
        Row("files (events)", summary.EventFiles);
        Row("lines read", summary.Lines);
        Row("malformed lines", summary.Malformed);
        Row("impressions", summary.Impressions);
        Row("  duplicate records", summary.DuplicateRecords);
        Row("  without features (skipped)", summary.ImpressionsWithoutFeatures);
        Row("events", summary.Events);
        Row("  without impressionId", summary.EventsWithoutImpression);
        Row("rows", summary.Rows);
        Row("groups", summary.Groups);
        Row("groups with a positive label", summary.GroupsWithPositiveLabel);
        foreach (var (label, count) in summary.LabelHistogram)
        {
            Row(string.Create(CultureInfo.InvariantCulture, $"label {label}"), count);
        }

        console.Write(table);
        foreach (var line in summary.MalformedLines)
        {
            console.WriteLine($"malformed: {line}");
        }

        if (summary.Malformed > summary.MalformedLines.Count)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... and {summary.Malformed - summary.MalformedLines.Count} more malformed lines"));
        }

        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"wrote {summary.Output}: {summary.Rows} rows, {summary.Features.Count} features in {seconds:F1} s"));
    }

    public static void WriteJson(Utf8JsonWriter writer, DatasetBuildSummary summary, double seconds)
    {
        writer.WriteStartObject();
        writer.WriteString("out", summary.Output);
        writer.WriteString("surface", summary.Surface);
        writer.WriteString("from", Day(summary.From));
        writer.WriteString("to", Day(summary.To));
        writer.WriteStartObject("files");
        writer.WriteNumber("impressions", summary.ImpressionFiles);
        writer.WriteNumber("events", summary.EventFiles);
        writer.WriteEndObject();
        writer.WriteNumber("lines", summary.Lines);
        writer.WriteStartObject("malformed");
        writer.WriteNumber("count", summary.Malformed);
        writer.WriteStartArray("first");
        foreach (var line in summary.MalformedLines)
        {
            writer.WriteStartObject();
            writer.WriteString("file", line.File);
            writer.WriteNumber("line", line.Line);
            writer.WriteString("problem", line.Problem);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNumber("impressions", summary.Impressions);
        writer.WriteNumber("duplicateRecords", summary.DuplicateRecords);
        writer.WriteNumber("impressionsWithoutFeatures", summary.ImpressionsWithoutFeatures);
        writer.WriteNumber("events", summary.Events);
        writer.WriteNumber("eventsWithoutImpression", summary.EventsWithoutImpression);
        writer.WriteStartArray("features");
        foreach (var feature in summary.Features)
        {
            writer.WriteStringValue(feature);
        }

        writer.WriteEndArray();
        writer.WriteNumber("rows", summary.Rows);
        writer.WriteNumber("groups", summary.Groups);
        writer.WriteNumber("groupsWithPositiveLabel", summary.GroupsWithPositiveLabel);
        writer.WriteStartObject("labels");
        foreach (var (label, count) in summary.LabelHistogram)
        {
            writer.WriteNumber(label.ToString(CultureInfo.InvariantCulture), count);
        }

        writer.WriteEndObject();
        writer.WriteNumber("seconds", Math.Round(seconds, 3));
        writer.WriteEndObject();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

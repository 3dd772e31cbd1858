using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ranking.Lambda.Metrics;

/// <summary>
/// Serialises one dimension group into EMF lines (CloudWatch Embedded Metric Format specification): at most
/// <see cref="EmfMetrics.MaxMetricsPerLine"/> metric definitions per directive and at most
/// <see cref="EmfMetrics.MaxValuesPerMetric"/> values per metric array, splitting into further lines beyond either.
/// </summary>
internal static class EmfDocument
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<string> Lines(EmfOptions options, EmfDimensionGroup group, IReadOnlyDictionary<string, string> properties, long timestampMs)
    {
        var lines = new List<string>();
        var slice = new List<(EmfMetric Metric, int Start, int Count)>(EmfMetrics.MaxMetricsPerLine);
        for (var pass = 0; ; pass++)
        {
            // Pass k carries values [100k, 100k + 100) of every metric that has that many; most groups need one pass.
            var start = pass * EmfMetrics.MaxValuesPerMetric;
            var any = false;
            foreach (var metric in group.Metrics)
            {
                if (metric.Values.Count <= start)
                {
                    continue;
                }

                any = true;
                slice.Add((metric, start, Math.Min(EmfMetrics.MaxValuesPerMetric, metric.Values.Count - start)));
                if (slice.Count == EmfMetrics.MaxMetricsPerLine)
                {
                    lines.Add(Line(options, group.Scope, slice, properties, timestampMs));
                    slice.Clear();
                }
            }

            if (slice.Count > 0)
            {
                lines.Add(Line(options, group.Scope, slice, properties, timestampMs));
                slice.Clear();
            }

            if (!any)
            {
                return lines;
            }
        }
    }

    private static string Line(
        EmfOptions options,
        string? scope,
        List<(EmfMetric Metric, int Start, int Count)> metrics,
        IReadOnlyDictionary<string, string> properties,
        long timestampMs)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws");
            writer.WriteNumber("Timestamp", timestampMs);
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace", options.Namespace);
            writer.WriteStartArray("Dimensions");
            writer.WriteStartArray();
            writer.WriteStringValue(options.FunctionDimension);
            if (scope is not null)
            {
                writer.WriteStringValue(options.ScopeDimension);
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            foreach (var (metric, _, _) in metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", metric.Name);
                writer.WriteString("Unit", EmfUnitNames.Of(metric.Unit));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteString(options.FunctionDimension, options.FunctionName);
            if (scope is not null)
            {
                writer.WriteString(options.ScopeDimension, scope);
            }

            foreach (var (name, value) in properties)
            {
                // A root member has one meaning: a property never shadows a dimension or a metric of this line.
                if (!IsTaken(name, options, scope, metrics))
                {
                    writer.WriteString(name, value);
                }
            }

            foreach (var (metric, start, count) in metrics)
            {
                writer.WritePropertyName(metric.Name);
                if (count == 1)
                {
                    writer.WriteNumberValue(metric.Values[start]);
                    continue;
                }

                writer.WriteStartArray();
                for (var i = start; i < start + count; i++)
                {
                    writer.WriteNumberValue(metric.Values[i]);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static bool IsTaken(string name, EmfOptions options, string? scope, List<(EmfMetric Metric, int Start, int Count)> metrics)
    {
        if (name == "_aws" || name == options.FunctionDimension || (scope is not null && name == options.ScopeDimension))
        {
            return true;
        }

        foreach (var (metric, _, _) in metrics)
        {
            if (metric.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}

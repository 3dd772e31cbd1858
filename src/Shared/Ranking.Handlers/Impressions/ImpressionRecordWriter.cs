using Ranking.Contracts;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Ranking.Handlers.Http;
using Ranking.Handlers.Rank;

namespace Ranking.Handlers.Impressions;

/// <summary>
/// Serialises an impression record with <see cref="Utf8JsonWriter"/> and hands it to the sink, split into parts by
/// items when it is longer than <see cref="ImpressionLogOptions.MaxRecordBytes"/>. Every part is a whole record:
/// the same header (impressionId, time, model, features, ...), a run of consecutive items and <c>"part": k,
/// "parts": n</c> (k from 0). Reassembly: group by impressionId, order by part, concatenate the items; positions
/// are absolute, so a reader that needs only some items never has to reassemble. An item larger than the limit
/// on its own goes alone in its part.
/// </summary>
internal static class ImpressionRecordWriter
{
    private const string ItemsStart = ",\"items\":[";
    /// <summary>The longest tail: <c>],"part":N,"parts":N}</c> with two 10-digit numbers.</summary>
    private const int MaxTailBytes = 40;

    /// <summary>Buffers reused across records on a thread; a record is written synchronously, so no two records share them.</summary>
    [ThreadStatic]
    private static Scratch? t_scratch;

    public static void Write(IImpressionContent impression, ImpressionLogOptions options, IRecordSink sink)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Reset();
        var count = impression.Count;
        WriteHeader(scratch.Writer(scratch.Header), impression);
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
        try
        {
            WriteItems(scratch.Writer(scratch.Items), impression, count, ends);
            // The header is a whole object: drop its closing brace and go on with the items.
            var header = scratch.Header.WrittenSpan[..^1];
            var items = scratch.Items.WrittenSpan;
            var budget = options.MaxRecordBytes - header.Length - ItemsStart.Length - MaxTailBytes;
            var parts = CountParts(ends.AsSpan(0, count), budget);
            var first = 0;
            for (var part = 0; part < parts; part++)
            {
                var last = part == parts - 1 ? count : NextPartEnd(ends.AsSpan(0, count), first, budget);
                var line = scratch.Line;
                line.ResetWrittenCount();
                line.Write(header);
                Append(line, ItemsStart);
                if (last > first)
                {
                    line.Write(items[Start(ends, first)..ends[last - 1]]);
                }

                Append(line, "],\"part\":");
                AppendNumber(line, part);
                Append(line, ",\"parts\":");
                AppendNumber(line, parts);
                Append(line, "}");
                sink.Write(RecordLogs.Impressions, line.WrittenSpan);
                first = last;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    private static void WriteHeader(Utf8JsonWriter w, IImpressionContent impression)
    {
        w.WriteStartObject();
        w.WriteString("log", RecordLogs.ImpressionField);
        var header = impression.Header;
        w.WriteString("impressionId", header.ImpressionId);
        w.WriteString("time", header.Time.UtcDateTime);
        w.WriteString("surface", header.Surface);
        w.WriteString("userId", header.UserId);
        if (header.SessionId is { } session)
        {
            w.WriteString("sessionId", session);
        }
        w.WriteString("query", header.Query);
        if (header.Context is { } context)
        {
            w.WriteStartObject("context");
            foreach (var (name, value) in context)
            {
                if (value.IsNumber)
                {
                    w.WriteNumber(name, value.Number);
                }
                else
                {
                    w.WriteString(name, value.Text);
                }
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("context");
        }

        RankResponseWriter.WriteModelAndFallback(w, impression.ModelName, impression.ModelVersion, impression.Fallback);
        if (header.Experiment is { } experiment)
        {
            RankResponseWriter.WriteExperiment(w, experiment);
        }
        else
        {
            w.WriteNull("experiment");
        }

        w.WriteStartArray("features");
        for (var c = 0; c < impression.FeatureCount; c++)
        {
            w.WriteStringValue(impression.FeatureName(c));
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>Writes <c>[item,item,...]</c> and each item's end offset into <paramref name="ends"/>.</summary>
    private static void WriteItems(Utf8JsonWriter w, IImpressionContent impression, int count, int[] ends)
    {
        w.WriteStartArray();
        for (var r = 0; r < count; r++)
        {
            w.WriteStartObject();
            w.WriteString("itemId", impression.ItemId(r));
            w.WriteNumber("position", r + 1);
            WriteNumber(w, "score", impression.Score(r));
            if (impression.Team(r) is { } team)
            {
                w.WriteString("team", team);
            }
            w.WriteStartArray("values");
            foreach (var value in impression.Row(r))
            {
                WriteValue(w, value);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            ends[r] = (int)w.BytesCommitted;
        }

        w.WriteEndArray();
        w.Flush();
    }

    /// <summary>
    /// Most feature values are whole (one-hots, counts, defaults): written as an integer they cost a fraction of a
    /// float's shortest round-trip text, and read back as the same float. JSON has no NaN or Infinity: null.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter w, float value)
    {
        if (value == MathF.Truncate(value) && MathF.Abs(value) < 16_777_216f)
        {
            w.WriteNumberValue((int)value);
        }
        else if (float.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, float value)
    {
        if (float.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Item k starts after <c>[</c> or after the comma that follows item k - 1.</summary>
    private static int Start(ReadOnlySpan<int> ends, int item) => item == 0 ? 1 : ends[item - 1] + 1;

    /// <summary>The end (exclusive) of the part starting at <paramref name="first"/>: as many items as fit, at least one.</summary>
    private static int NextPartEnd(ReadOnlySpan<int> ends, int first, int budget)
    {
        var start = Start(ends, first);
        var last = first + 1;
        while (last < ends.Length && ends[last] - start <= budget)
        {
            last++;
        }

        return last;
    }

    private static int CountParts(ReadOnlySpan<int> ends, int budget)
    {
        var parts = 1;
        for (var first = NextPartEnd(ends, 0, budget); first < ends.Length; first = NextPartEnd(ends, first, budget))
        {
            parts++;
        }

        return parts;
    }

    private static void Append(ArrayBufferWriter<byte> line, string ascii)
    {
        var span = line.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        line.Advance(ascii.Length);
    }

    private static void AppendNumber(ArrayBufferWriter<byte> line, int value)
    {
        Utf8Formatter.TryFormat(value, line.GetSpan(11), out var written);
        line.Advance(written);
    }

    private sealed class Scratch
    {
        private readonly Utf8JsonWriter _writer = new(Stream.Null, JsonBody.s_options);

        public ArrayBufferWriter<byte> Header { get; } = new(1024);
        public ArrayBufferWriter<byte> Items { get; } = new(16 * 1024);
        public ArrayBufferWriter<byte> Line { get; } = new(16 * 1024);

        public void Reset()
        {
            Header.ResetWrittenCount();
            Items.ResetWrittenCount();
        }

        public Utf8JsonWriter Writer(ArrayBufferWriter<byte> buffer)
        {
            _writer.Reset(buffer);
            return _writer;
        }
    }
}

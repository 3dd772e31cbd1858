using System.Buffers;
using System.Text.Json;
using Ranking.Contracts;
using Ranking.Handlers.Http;
using Ranking.Handlers.Impressions;

namespace Ranking.Handlers.Events;

/// <summary>
/// The event record (DESIGN.md, "Events API"): the event as sent, its time in UTC, and when the server received it.
/// Public so a simulator's event log is written by the code <c>POST /v1/events</c> runs.
/// </summary>
public static class EventRecordWriter
{
    /// <summary>Reused across records on a thread; a record is written synchronously, so no two records share it.</summary>
    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <remarks>Lets what <paramref name="sink"/> throws escape: the caller decides whether the event is refused or counted.</remarks>
    public static void Write(FeedbackEvent feedback, DateTimeOffset receivedAt, IRecordSink sink)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(sink);
        var scratch = t_scratch ??= new Scratch();
        scratch.Record.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Record);
        Write(scratch.Writer, feedback, receivedAt);
        sink.Write(RecordLogs.Events, scratch.Record.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter w, FeedbackEvent feedback, DateTimeOffset receivedAt)
    {
        w.WriteStartObject();
        w.WriteString("log", RecordLogs.EventField);
        w.WriteString("type", feedback.Type);
        w.WriteString("impressionId", feedback.ImpressionId);
        w.WriteString("itemId", feedback.ItemId);
        w.WriteString("userId", feedback.UserId);
        w.WriteString("time", feedback.Time.UtcDateTime);
        if (feedback.Value is { } value)
        {
            w.WriteNumber("value", value);
        }
        else
        {
            w.WriteNull("value");
        }

        w.WriteString("receivedAt", receivedAt.UtcDateTime);
        w.WriteEndObject();
        w.Flush();
    }

    private sealed class Scratch
    {
        public ArrayBufferWriter<byte> Record { get; } = new(256);
        public Utf8JsonWriter Writer { get; } = new(Stream.Null, JsonBody.s_options);
    }
}

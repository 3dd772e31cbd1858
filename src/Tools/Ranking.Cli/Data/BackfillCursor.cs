using System.Text.Json;

namespace Ranking.Cli.Data;

/// <summary>
/// Where a backfill is, per scan segment, so an interrupted run resumes instead of starting over: the key after
/// which each segment goes on, or done. Saved after every page (written aside, then moved over the old file), so
/// a crash repeats at most one page per segment, and a repeated re-rank message is harmless (re-ranks are idempotent).
/// </summary>
internal sealed class BackfillCursor
{
    private readonly string? _path;
    private readonly Lock _lock = new();

    private BackfillCursor(string? path, string surface, SegmentState[] segments, long sent)
    {
        _path = path;
        Surface = surface;
        Segments = segments;
        Sent = sent;
    }

    public string Surface { get; }

    public IReadOnlyList<SegmentState> Segments { get; }

    /// <summary>Messages sent by every run of this cursor.</summary>
    public long Sent { get; private set; }

    public bool Resumed { get; private init; }

    public bool Complete => Segments.All(s => s.Done);

    /// <summary>A fresh cursor, or the one saved at <paramref name="path"/> when it exists.</summary>
    /// <exception cref="ArgumentException">The saved cursor is unreadable or for another surface or segment count; the message says which.</exception>
    public static BackfillCursor Open(string? path, string surface, int segments)
    {
        if (path is null || !File.Exists(path))
        {
            return new BackfillCursor(path, surface, [.. Enumerable.Range(0, segments).Select(s => new SegmentState(s))], 0);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var saved = root.GetProperty("surface").GetString();
            var states = root.GetProperty("segments").EnumerateArray().Select(Read).ToArray();
            if (saved != surface || states.Length != segments)
            {
                throw new ArgumentException(
                    $"--cursor {path} is a backfill of surface '{saved}' in {states.Length} segments, not '{surface}' in {segments}: delete it to start over, or resume with the same options.");
            }

            return new BackfillCursor(path, surface, states, root.GetProperty("sent").GetInt64()) { Resumed = true };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"--cursor {path} is not a backfill cursor: {e.Message}", e);
        }
    }

    /// <summary>Records a page's progress and saves the cursor.</summary>
    public void Advance(SegmentState segment, (string UserId, string Surface)? next, long sent)
    {
        lock (_lock)
        {
            segment.After = next;
            segment.Done = next is null;
            Sent += sent;
            if (_path is null)
            {
                return;
            }

            var temporary = _path + ".partial";
            using (var stream = File.Create(temporary))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("surface", Surface);
                writer.WriteNumber("sent", Sent);
                writer.WriteStartArray("segments");
                foreach (var state in Segments)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("segment", state.Segment);
                    writer.WriteBoolean("done", state.Done);
                    if (state.After is { } after)
                    {
                        writer.WriteStartObject("after");
                        writer.WriteString("userId", after.UserId);
                        writer.WriteString("surface", after.Surface);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            File.Move(temporary, _path, overwrite: true);
        }
    }

    private static SegmentState Read(JsonElement element) => new(element.GetProperty("segment").GetInt32())
    {
        Done = element.GetProperty("done").GetBoolean(),
        After = element.TryGetProperty("after", out var after)
            ? (after.GetProperty("userId").GetString()!, after.GetProperty("surface").GetString()!)
            : null,
    };

    /// <summary>One scan segment's place.</summary>
    internal sealed class SegmentState(int segment)
    {
        public int Segment { get; } = segment;
        public (string UserId, string Surface)? After { get; set; }
        public bool Done { get; set; }
    }
}

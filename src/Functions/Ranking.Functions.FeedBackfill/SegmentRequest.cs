using System.Text.Json;

namespace Ranking.Functions.FeedBackfill;

/// <summary>
/// One invocation's work, as the backfill state machine passes it: <c>{"surface": "feed", "segment": 3, "segments": 8,
/// "after": null}</c>, <c>after</c> being the user id the segment goes on after (the previous invocation's answer).
/// </summary>
internal sealed record SegmentRequest(string Surface, int Segment, int Segments, string? After)
{
    public const int MaxSegments = 1000;
    private static readonly string[] s_fields = ["surface", "segment", "segments", "after"];

    /// <exception cref="InvalidDataException">The event is not a segment request; the message names the field.</exception>
    public static SegmentRequest Read(ReadOnlyMemory<byte> payload, IReadOnlyDictionary<string, string> surfaces)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the event is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the event must be an object: {\"surface\", \"segment\", \"segments\", \"after\"}");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!s_fields.Contains(property.Name))
                {
                    throw Invalid($"unknown field '{property.Name}' (fields: {string.Join(", ", s_fields)})");
                }
            }

            var surface = root.TryGetProperty("surface", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Invalid("surface is required and must be a string");
            if (!surfaces.ContainsKey(surface))
            {
                throw Invalid($"surface '{surface}' is not configured (configured: {string.Join(", ", surfaces.Keys.Order(StringComparer.Ordinal))})");
            }

            var segments = Integer(root, "segments", 1, MaxSegments);
            var segment = Integer(root, "segment", 0, segments - 1);
            string? after = null;
            if (root.TryGetProperty("after", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                after = a.ValueKind == JsonValueKind.String && a.GetString() is { Length: > 0 and <= 128 } id ? id : throw Invalid("after must be null or a user id (1-128 characters)");
            }

            return new SegmentRequest(surface, segment, segments, after);
        }
    }

    private static int Integer(JsonElement root, string name, int min, int max) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw Invalid($"{name} is required: an integer from {min} to {max}");

    private static InvalidDataException Invalid(string message) => new($"not a backfill segment request: {message}");
}

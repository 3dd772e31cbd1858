using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Stores.Files;

namespace Ranking.Training.Marketplace;

/// <summary>
/// Impression logs as JSON Lines, one session per line. Read errors are <see cref="InvalidDataException"/>s
/// whose message starts with <c>source:line:</c> (1-based).
/// </summary>
internal static class SessionJsonl
{
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<MarketplaceSession> Read(string path) => JsonlLines.ReadFile(path, Parse);

    public static List<MarketplaceSession> Read(TextReader reader, string source) => JsonlLines.Read(reader, source, Parse);

    public static void Write(TextWriter writer, IEnumerable<MarketplaceSession> sessions)
    {
        foreach (var session in sessions)
        {
            writer.Write(Format(session));
            writer.Write('\n');
        }
    }

    public static string Format(MarketplaceSession session)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", session.SessionId);
            writer.WriteString("userId", session.UserId);
            writer.WriteString("surface", session.Surface);
            writer.WriteString("ts", session.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("query", session.Query);
            if (session.Context is { } context)
            {
                writer.WriteStartObject("context");
                var keys = context.Keys.ToArray();
                Array.Sort(keys, StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    var value = context[key];
                    if (value.IsNumber)
                    {
                        writer.WriteNumber(key, value.Number);
                    }
                    else
                    {
                        writer.WriteString(key, value.Text);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("context");
            }

            writer.WriteStartArray("items");
            foreach (var item in session.Items)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
            WriteInts(writer, "clicks", session.Clicks);
            WriteInts(writer, "purchases", session.Purchases);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteInts(Utf8JsonWriter writer, string name, IReadOnlyList<int> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private static MarketplaceSession Parse(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("expected a JSON object");
        }

        string? sessionId = null, userId = null, surface = null, query = null;
        DateTimeOffset? ts = null;
        Dictionary<string, ContextValue>? context = null;
        List<string>? items = null;
        List<int> clicks = [], purchases = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "sessionId": sessionId = String(ref reader, name); break;
                case "userId": userId = String(ref reader, name); break;
                case "surface": surface = String(ref reader, name); break;
                case "query": query = reader.TokenType == JsonTokenType.Null ? null : String(ref reader, name); break;
                case "ts":
                    ts = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at)
                        ? at
                        : throw new FormatException("'ts' must be an ISO 8601 timestamp string");
                    break;
                case "context": context = reader.TokenType == JsonTokenType.Null ? null : Context(ref reader); break;
                case "items": items = Strings(ref reader, name); break;
                case "clicks": clicks = Ints(ref reader, name); break;
                case "purchases": purchases = Ints(ref reader, name); break;
                default: reader.Skip(); break;
            }
        }

        if (reader.Read())
        {
            throw new FormatException("unexpected content after the JSON object");
        }

        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(surface) || ts is null || items is null)
        {
            throw new FormatException("sessionId, userId, surface, ts and items are required");
        }

        foreach (var position in clicks)
        {
            if (position < 0 || position >= items.Count)
            {
                throw new FormatException($"click position {position} is outside the {items.Count} items");
            }
        }

        foreach (var position in purchases)
        {
            if (!clicks.Contains(position))
            {
                throw new FormatException($"purchase position {position} is not a click");
            }
        }

        return new MarketplaceSession
        {
            SessionId = sessionId,
            UserId = userId,
            Surface = surface,
            Timestamp = ts.Value,
            Query = query,
            Context = context,
            Items = items,
            Clicks = clicks,
            Purchases = purchases,
        };
    }

    private static string String(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException($"'{name}' must be a string");

    private static Dictionary<string, ContextValue> Context(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("'context' must be an object");
        }

        var context = new Dictionary<string, ContextValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            context[key] = reader.TokenType switch
            {
                JsonTokenType.String => ContextValue.Of(reader.GetString()!),
                JsonTokenType.Number => ContextValue.Of(reader.GetDouble()),
                _ => throw new FormatException($"'context.{key}' must be a string or a number"),
            };
        }

        return context;
    }

    private static List<string> Strings(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"'{name}' must be an array of strings");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(String(ref reader, name));
        }

        return values;
    }

    private static List<int> Ints(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"'{name}' must be an array of integers");
        }

        var values = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
                ? value
                : throw new FormatException($"'{name}' must be an array of integers"));
        }

        return values;
    }
}

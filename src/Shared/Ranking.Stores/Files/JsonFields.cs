using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ranking.Stores.Files;

/// <summary>Typed reads of one property value from a <see cref="Utf8JsonReader"/> positioned on its name, with messages naming the property.</summary>
internal static class JsonFields
{
    // Relaxed escaping keeps titles readable in the files; they are data files, never embedded in HTML.
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Utf8JsonReader Open(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("expected a JSON object");
        }

        return reader;
    }

    /// <summary>Checks that nothing but whitespace follows the object that was just read.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new FormatException("unexpected content after the JSON object");
        }
    }

    public static string Name(ref Utf8JsonReader reader)
    {
        var name = reader.GetString()!;
        reader.Read();
        return name;
    }

    public static string String(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException($"'{name}' must be a string");

    public static string? OptionalString(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Null ? null : String(ref reader, name);

    public static double Number(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"'{name}' must be a finite number");
        }

        return value;
    }

    /// <summary>
    /// Any other top-level number is a numeric attribute; anything else unknown is skipped, so newer files load
    /// in older readers.
    /// </summary>
    public static void NumberOrSkip(ref Utf8JsonReader reader, string name, Dictionary<string, double> numbers)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            numbers[name] = Number(ref reader, name);
        }
        else
        {
            reader.Skip();
        }
    }

    public static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new FormatException($"'{name}' is required and must be a non-empty string") : value;

    public static long Integer(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new FormatException($"'{name}' must be an integer");

    public static DateTimeOffset Timestamp(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value)
            ? value
            : throw new FormatException($"'{name}' must be an ISO 8601 timestamp string");

    public static Dictionary<string, double> NumberMap(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"'{name}' must be an object of numbers");
        }

        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = Name(ref reader);
            map[key] = Number(ref reader, $"{name}.{key}");
        }

        return map;
    }

    public static List<string> StringArray(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"'{name}' must be an array of strings");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(String(ref reader, $"{name}[{values.Count}]"));
        }

        return values;
    }

    public static string Format(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>UTC with whole seconds when there is no fraction, so generated files stay short and stable.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Keys in ordinal order: the output must not depend on a dictionary's insertion history.</summary>
    public static void WriteNumberMap(Utf8JsonWriter writer, string name, Dictionary<string, double> map)
    {
        writer.WriteStartObject(name);
        foreach (var key in SortedKeys(map))
        {
            writer.WriteNumber(key, map[key]);
        }

        writer.WriteEndObject();
    }

    public static string[] SortedKeys(Dictionary<string, double> map)
    {
        var keys = map.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }
}

using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Ranking.Stores.Tables;

/// <summary>
/// Typed reads and writes of single attribute values. Numbers always go through invariant culture ("R" round-trips
/// a double exactly); read errors are <see cref="InvalidDataException"/>s naming the record and attribute.
/// </summary>
internal static class AttributeValues
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static AttributeValue String(string value) => new() { S = value };

    public static AttributeValue Number(double value, string what) =>
        double.IsFinite(value)
            ? new AttributeValue { N = value.ToString("R", CultureInfo.InvariantCulture) }
            : throw new ArgumentException($"{what} is {value}: DynamoDB stores finite numbers only.");

    public static AttributeValue Integer(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>UTC, ISO-8601, whole seconds when there is no fraction (the same text as the JSONL files).</summary>
    public static AttributeValue Timestamp(DateTimeOffset value) =>
        new() { S = value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) };

    public static AttributeValue NumberMap(Dictionary<string, double> map, string what)
    {
        var m = new Dictionary<string, AttributeValue>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            m[key] = Number(value, $"{what}.{key}");
        }

        return new AttributeValue { M = m };
    }

    public static bool IsNumber(AttributeValue value) => value.N is not null;

    public static string? GetString(IReadOnlyDictionary<string, AttributeValue> item, string name, string record) =>
        item.TryGetValue(name, out var value) && !IsNull(value)
            ? value.S ?? throw Bad(record, name, "must be a string (S)")
            : null;

    public static string RequireString(IReadOnlyDictionary<string, AttributeValue> item, string name, string record) =>
        GetString(item, name, record) is { Length: > 0 } value ? value : throw Bad(record, name, "is required");

    public static double? GetNumber(IReadOnlyDictionary<string, AttributeValue> item, string name, string record) =>
        item.TryGetValue(name, out var value) && !IsNull(value) ? ParseNumber(value, record, name) : null;

    public static long? GetInteger(IReadOnlyDictionary<string, AttributeValue> item, string name, string record)
    {
        if (!item.TryGetValue(name, out var value) || IsNull(value))
        {
            return null;
        }

        return value.N is { } n && long.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Bad(record, name, "must be an integer (N)");
    }

    public static DateTimeOffset? GetTimestamp(IReadOnlyDictionary<string, AttributeValue> item, string name, string record)
    {
        var text = GetString(item, name, record);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw Bad(record, name, $"must be an ISO-8601 timestamp, not '{text}'");
    }

    public static double ParseNumber(AttributeValue value, string record, string name) =>
        value.N is { } n && double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Bad(record, name, "must be a number (N)");

    public static Dictionary<string, double> GetNumberMap(IReadOnlyDictionary<string, AttributeValue> item, string name, string record)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!item.TryGetValue(name, out var value) || IsNull(value))
        {
            return map;
        }

        if (value.M is not { } m)
        {
            throw Bad(record, name, "must be a map of numbers (M of N)");
        }

        foreach (var (key, entry) in m)
        {
            map[key] = ParseNumber(entry, record, $"{name}.{key}");
        }

        return map;
    }

    public static InvalidDataException Bad(string record, string name, string problem) =>
        new($"{record}: attribute '{name}' {problem}.");

    // SDK v4 leaves unset members null, and an explicit NULL attribute reads as absent.
    private static bool IsNull(AttributeValue value) => value.NULL == true;
}

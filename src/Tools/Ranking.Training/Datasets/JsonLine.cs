using System.Text.Json;

namespace Ranking.Training.Datasets;

/// <summary>Checks on one value of a log line, each giving the problem in words or null.</summary>
internal static class JsonLine
{
    public static string? NonEmptyString(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String && (reader.ValueSpan.Length > 0 || reader.ValueIsEscaped) ? null : $"{name} must be a non-empty string";

    public static string? StringOrNull(ref Utf8JsonReader reader, string name) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? null : $"{name} must be a string or null";

    public static string? NumberOrNull(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Null || (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
            ? null
            : $"{name} must be a finite number or null";

    /// <summary>An ISO 8601 time with its offset (<c>Z</c> or <c>+hh:mm</c>): without one, engines would read it in their own time zone.</summary>
    public static string? Time(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out _))
        {
            return $"{name} must be an ISO 8601 time";
        }

        var text = reader.ValueSpan;
        return text.Length > 0 && (text[^1] == (byte)'Z' || (text.Length > 6 && text[^3] == (byte)':' && text[^6] is (byte)'+' or (byte)'-'))
            ? null
            : $"{name} must be an ISO 8601 time with its offset (Z or +hh:mm)";
    }

    /// <summary>Skips an optional value of any shape; false (with the problem) when it is not one of <paramref name="allowed"/>.</summary>
    public static string? Skip(ref Utf8JsonReader reader, string name, string shapes, params ReadOnlySpan<JsonTokenType> allowed)
    {
        if (!allowed.Contains(reader.TokenType))
        {
            return $"{name} must be {shapes}";
        }

        reader.Skip();
        return null;
    }
}

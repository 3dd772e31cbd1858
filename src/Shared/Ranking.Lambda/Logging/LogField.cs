using System.Text.Json;

namespace Ranking.Lambda.Logging;

/// <summary>
/// One extra member of a log line. A closed set of value kinds (string, integer, floating point, boolean) keeps
/// logging AOT-safe: nothing is serialized by reflection. Write fields as tuples: <c>log.Info("ranked", ("candidates", 250))</c>.
/// </summary>
public readonly struct LogField
{
    private enum Kind : byte { String, Long, Double, Bool }

    private readonly Kind _kind;
    private readonly string? _string;
    private readonly long _long;
    private readonly double _double;

    public LogField(string key, string? value) { Key = key; _kind = Kind.String; _string = value; }

    public LogField(string key, long value) { Key = key; _kind = Kind.Long; _long = value; }

    public LogField(string key, double value) { Key = key; _kind = Kind.Double; _double = value; }

    public LogField(string key, bool value) { Key = key; _kind = Kind.Bool; _long = value ? 1 : 0; }

    public string Key { get; }

    public static implicit operator LogField((string Key, string? Value) field) => new(field.Key, field.Value);

    public static implicit operator LogField((string Key, int Value) field) => new(field.Key, field.Value);

    public static implicit operator LogField((string Key, long Value) field) => new(field.Key, field.Value);

    public static implicit operator LogField((string Key, double Value) field) => new(field.Key, field.Value);

    public static implicit operator LogField((string Key, bool Value) field) => new(field.Key, field.Value);

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WritePropertyName(Key);
        switch (_kind)
        {
            case Kind.String when _string is null:
                writer.WriteNullValue();
                break;
            case Kind.String:
                writer.WriteStringValue(_string);
                break;
            case Kind.Long:
                writer.WriteNumberValue(_long);
                break;
            case Kind.Bool:
                writer.WriteBooleanValue(_long != 0);
                break;
            // JSON has no NaN or Infinity: write them as strings rather than throw from a log call.
            case Kind.Double when !double.IsFinite(_double):
                writer.WriteStringValue(_double.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteNumberValue(_double);
                break;
        }
    }
}

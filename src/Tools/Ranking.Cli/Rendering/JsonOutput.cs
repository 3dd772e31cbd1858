using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ranking.Cli.Rendering;

/// <summary>The <c>--json</c> output of a command: one document and a newline on stdout, for scripts.</summary>
internal static class JsonOutput
{
    /// <remarks>
    /// Written to the plain stdout writer, never through Spectre, which would wrap long lines at the console's width.
    /// Utf8JsonWriter escapes non-ASCII, so the text is the same in any output encoding.
    /// </remarks>
    public static void Write(TextWriter stdout, Action<Utf8JsonWriter> write, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            write(json);
        }

        stdout.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        stdout.Write('\n');
    }

    /// <summary>Writes <c>"name": [numbers]</c>.</summary>
    public static void WriteNumbers(this Utf8JsonWriter writer, string name, IEnumerable<double> numbers)
    {
        writer.WriteStartArray(name);
        foreach (var number in numbers)
        {
            writer.WriteNumberValue(number);
        }

        writer.WriteEndArray();
    }

    /// <summary>A number, or null where a value is unavailable (scripts see the key either way).</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

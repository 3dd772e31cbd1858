using System.Text;

namespace Ranking.Stores.Files;

/// <summary>Reads JSON Lines: one object per non-blank line, errors reported as <c>source:line: reason</c>.</summary>
public static class JsonlLines
{
    public static List<T> Read<T>(TextReader reader, string source, Func<byte[], T> parse)
    {
        var records = new List<T>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                records.Add(parse(Encoding.UTF8.GetBytes(line)));
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                throw new InvalidDataException($"{source}:{lineNumber}: {ex.Message}", ex);
            }
        }

        return records;
    }

    public static List<T> ReadFile<T>(string path, Func<byte[], T> parse)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path, parse);
    }

    public static void Write<T>(TextWriter writer, IEnumerable<T> records, Func<T, string> format)
    {
        foreach (var record in records)
        {
            // "\n" rather than WriteLine: the files must be byte-identical on every platform.
            writer.Write(format(record));
            writer.Write('\n');
        }
    }

    public static void WriteFile<T>(string path, IEnumerable<T> records, Func<T, string> format)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, records, format);
    }
}

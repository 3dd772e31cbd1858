using System.Globalization;

using System.Text.Json;

namespace Ranking.Core.Models;

/// <summary>
/// A model package's held-out labelled rows (<c>holdout.jsonl</c>: <c>{"qid","label","features":[..],"score"}</c>
/// per line, the rows of a query contiguous), with the score the trainer gave each row.
/// </summary>
public sealed class Holdout
{
    private Holdout(int width, float[] features, float[] labels, float[] scores, int[] groupSizes)
    {
        Width = width;
        Features = features;
        Labels = labels;
        TrainerScores = scores;
        GroupSizes = groupSizes;
    }

    public int Width { get; }
    public int Rows => Labels.Length;
    /// <summary>Row-major, <see cref="Rows"/> x <see cref="Width"/>.</summary>
    public float[] Features { get; }
    public float[] Labels { get; }
    public float[] TrainerScores { get; }
    public int[] GroupSizes { get; }

    /// <exception cref="InvalidDataException">A line does not parse, widths differ, or a query's rows are split; the message names the line.</exception>
    public static Holdout Parse(ReadOnlySpan<byte> utf8, string source)
    {
        var features = new List<float>();
        var labels = new List<float>();
        var scores = new List<float>();
        var groups = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? currentQuery = null;
        var width = -1;
        var lineNumber = 0;
        foreach (var range in Lines(utf8))
        {
            lineNumber++;
            var line = utf8[range];
            if (line.Trim(" \r\t"u8).IsEmpty)
            {
                continue;
            }

            var (qid, label, row, score) = ParseLine(line.TrimEnd((byte)'\r'), source, lineNumber);
            width = width < 0 ? row.Count : width == row.Count ? width : throw Bad(source, lineNumber, $"has {row.Count} features, earlier rows {width}");
            if (qid != currentQuery)
            {
                if (!seen.Add(qid))
                {
                    throw Bad(source, lineNumber, $"query '{qid}' appears again after other queries; its rows must be contiguous");
                }

                currentQuery = qid;
                groups.Add(0);
            }

            groups[^1]++;
            features.AddRange(row);
            labels.Add(label);
            scores.Add(score);
        }

        if (labels.Count == 0)
        {
            throw new InvalidDataException($"{source}: no rows.");
        }

        return new Holdout(width, [.. features], [.. labels], [.. scores], [.. groups]);
    }

    private static (string Qid, float Label, List<float> Features, float Score) ParseLine(ReadOnlySpan<byte> line, string source, int lineNumber)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            string? qid = null;
            float? label = null, score = null;
            List<float>? row = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad(source, lineNumber, "is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "qid":
                        qid = reader.TokenType == JsonTokenType.Number ? reader.GetInt64().ToString(CultureInfo.InvariantCulture) : reader.GetString();
                        break;
                    case "label":
                        label = reader.GetSingle();
                        break;
                    case "score":
                        score = reader.GetSingle();
                        break;
                    case "features":
                        row = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            row.Add(reader.GetSingle());
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return qid is null || label is null || score is null || row is null
                ? throw Bad(source, lineNumber, "needs qid, label, features and score")
                : (qid, label.Value, row, score.Value);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Bad(source, lineNumber, e.Message);
        }
    }

    private static List<Range> Lines(ReadOnlySpan<byte> utf8)
    {
        var lines = new List<Range>();
        var start = 0;
        for (var i = 0; i <= utf8.Length; i++)
        {
            if (i == utf8.Length || utf8[i] == (byte)'\n')
            {
                lines.Add(new Range(start, i));
                start = i + 1;
            }
        }

        return lines;
    }

    private static InvalidDataException Bad(string source, int line, string reason) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}:{line}: {reason}"));

}

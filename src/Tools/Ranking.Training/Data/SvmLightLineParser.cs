using System.Globalization;

namespace Ranking.Training.Data;

/// <summary>Parses SVMlight lines into <see cref="SvmLightRows"/>, failing on the first malformed line.</summary>
internal static class SvmLightLineParser
{
    private const NumberStyles FloatStyle = NumberStyles.Float;

    public static SvmLightRows ParseAll(TextReader data, string fileName, int? featureCount)
    {
        var rows = new SvmLightRows();
        var firstLineOfQuery = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        bool? withQid = null;
        while (data.ReadLine() is { } line)
        {
            lineNumber++;
            var text = StripComment(line);
            if (text.IsEmpty)
            {
                continue;
            }

            var qid = ParseLine(text, fileName, lineNumber, featureCount, rows);
            if (withQid is null)
            {
                withQid = qid is not null;
            }
            else if (withQid != (qid is not null))
            {
                throw SvmLightFormatException.At(fileName, lineNumber, withQid.Value ? "row has no qid but earlier rows do" : "row has a qid but earlier rows do not");
            }

            if (qid is not null)
            {
                AddToQuery(rows, qid, firstLineOfQuery, fileName, lineNumber);
            }
        }

        rows.HasQueryIds = withQid == true;
        return rows;
    }

    private static void AddToQuery(SvmLightRows rows, string qid, Dictionary<string, int> firstLineOfQuery, string fileName, int lineNumber)
    {
        if (rows.QueryIds.Count > 0 && string.Equals(rows.QueryIds[^1], qid, StringComparison.Ordinal))
        {
            rows.GroupSizes[^1]++;
            return;
        }

        if (firstLineOfQuery.TryGetValue(qid, out var first))
        {
            throw SvmLightFormatException.At(fileName, lineNumber, string.Create(CultureInfo.InvariantCulture, $"rows of qid {qid} are not contiguous (it started at line {first})"));
        }

        firstLineOfQuery.Add(qid, lineNumber);
        rows.QueryIds.Add(qid);
        rows.GroupSizes.Add(1);
    }

    /// <returns>The row's qid, or null when it has none.</returns>
    private static string? ParseLine(ReadOnlySpan<char> text, string fileName, int lineNumber, int? featureCount, SvmLightRows rows)
    {
        var tokens = text.SplitAny(' ', '\t');
        string? qid = null;
        var first = true;
        foreach (var range in tokens)
        {
            var token = text[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (first)
            {
                if (!float.TryParse(token, FloatStyle, CultureInfo.InvariantCulture, out var label) || !float.IsFinite(label))
                {
                    throw SvmLightFormatException.At(fileName, lineNumber, $"label '{token}' is not a number");
                }

                rows.StartRow(label);
                first = false;
                continue;
            }

            var colon = token.IndexOf(':');
            if (colon <= 0)
            {
                throw SvmLightFormatException.At(fileName, lineNumber, $"'{token}' is not id:value");
            }

            var key = token[..colon];
            var value = token[(colon + 1)..];
            if (key.SequenceEqual("qid"))
            {
                if (qid is not null || value.IsEmpty)
                {
                    throw SvmLightFormatException.At(fileName, lineNumber, qid is null ? "empty qid" : "more than one qid");
                }

                qid = value.ToString();
                continue;
            }

            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw SvmLightFormatException.At(fileName, lineNumber, $"feature id '{key}' is not a positive integer");
            }

            if (!float.TryParse(value, FloatStyle, CultureInfo.InvariantCulture, out var number) || !float.IsFinite(number))
            {
                throw SvmLightFormatException.At(fileName, lineNumber, $"value '{value}' of feature {id} is not a finite number");
            }

            if (id > featureCount)
            {
                rows.IgnoredValues++;
                continue;
            }

            rows.AddValue(id, number);
        }

        return qid;
    }

    private static ReadOnlySpan<char> StripComment(string line)
    {
        var text = line.AsSpan();
        var hash = text.IndexOf('#');
        if (hash >= 0)
        {
            text = text[..hash];
        }

        return text.Trim();
    }
}

using System.Text.Json;

namespace Ranking.Training.Datasets;

/// <summary>
/// Validates an event record line (<c>{"log":"event","type":"click","impressionId":...,"itemId":...,"time":...}</c>) as the
/// dataset SQL will read it. A type outside the Events API's passes (it grades 0): a newer type must not make old
/// builds refuse the log.
/// </summary>
internal static class EventLine
{
    /// <summary>Null when the line is a record the join can read; otherwise what is wrong with it.</summary>
    /// <param name="attributable">Whether the event names an impression (only those can label a row).</param>
    public static string? Check(ReadOnlySpan<byte> line, out bool attributable)
    {
        attributable = false;
        try
        {
            return Read(line, ref attributable);
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private static string? Read(ReadOnlySpan<byte> line, ref bool attributable)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "not a JSON object";
        }

        var (log, type, itemId, time) = (false, false, false, false);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            string? problem = null;
            if (name.SequenceEqual("log"u8))
            {
                problem = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("event"u8) ? null : "log must be \"event\"";
                log = true;
            }
            else if (name.SequenceEqual("type"u8))
            {
                problem = JsonLine.NonEmptyString(ref reader, "type");
                type = true;
            }
            else if (name.SequenceEqual("impressionId"u8))
            {
                problem = JsonLine.StringOrNull(ref reader, "impressionId");
                attributable = reader.TokenType == JsonTokenType.String;
            }
            else if (name.SequenceEqual("itemId"u8))
            {
                problem = JsonLine.NonEmptyString(ref reader, "itemId");
                itemId = true;
            }
            else if (name.SequenceEqual("userId"u8))
            {
                problem = JsonLine.StringOrNull(ref reader, "userId");
            }
            else if (name.SequenceEqual("time"u8))
            {
                problem = JsonLine.Time(ref reader, "time");
                time = true;
            }
            else if (name.SequenceEqual("value"u8))
            {
                problem = JsonLine.NumberOrNull(ref reader, "value");
            }
            else if (name.SequenceEqual("receivedAt"u8))
            {
                problem = reader.TokenType == JsonTokenType.Null ? null : JsonLine.Time(ref reader, "receivedAt");
            }
            else
            {
                reader.Skip();
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        var missing = !log ? "log" : !type ? "type" : !itemId ? "itemId" : !time ? "time" : null;
        if (missing is not null)
        {
            return $"{missing} is missing";
        }

        return reader.Read() ? "text after the record" : null;
    }
}

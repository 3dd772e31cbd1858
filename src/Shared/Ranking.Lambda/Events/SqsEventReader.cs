using System.Text.Json;

namespace Ranking.Lambda.Events;

/// <summary>
/// Reads an SQS event so that one record the serializer cannot read (a body with invalid UTF-8 or a lone surrogate)
/// fails that record alone: its batch-mates are still returned, and it is reported by its messageId.
/// </summary>
public static class SqsEventReader
{
    /// <exception cref="InvalidDataException">The payload is not an SQS event at all: no record can be named, so nothing can be failed alone.</exception>
    public static SqsEventRecords Read(ReadOnlyMemory<byte> payload)
    {
        try
        {
            var batch = JsonSerializer.Deserialize(payload.Span, LambdaJsonContext.Default.SqsEvent)
                ?? throw new InvalidDataException("The event is not an SQS event: it is null.");
            if (!batch.Records.Contains(null!))
            {
                return new SqsEventRecords(batch.Records, []);
            }
        }
        catch (JsonException)
        {
            // Fall through to reading record by record: the document may be fine except for one record's text (or a
            // record may be null).
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The event is not an SQS event: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Records", out var records)
                || records.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("The event is not an SQS event: it has no Records array.");
            }

            var readable = new List<SqsMessage>();
            var unreadable = new List<UnreadableSqsMessage>();
            foreach (var record in records.EnumerateArray())
            {
                try
                {
                    readable.Add(record.Deserialize(LambdaJsonContext.Default.SqsMessage)
                        ?? throw new JsonException("the record is null"));
                }
                catch (JsonException e)
                {
                    unreadable.Add(new UnreadableSqsMessage(MessageIdOf(record), e.Message));
                }
            }

            return new SqsEventRecords(readable, unreadable);
        }
    }

    private static string? MessageIdOf(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("messageId", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return id.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

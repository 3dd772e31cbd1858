using Ranking.Contracts;
using System.Text.Json;
using Ranking.Handlers.Impressions;

namespace Ranking.Handlers.Tests.Impressions;

/// <summary>Keeps every record it is given, parsed; throws instead when <see cref="Failure"/> is set.</summary>
internal sealed class RecordingSink : IRecordSink
{
    private readonly List<(string Log, byte[] Bytes)> _records = [];

    public Exception? Failure { get; set; }

    public IReadOnlyList<(string Log, byte[] Bytes)> Records => _records;

    public void Write(string log, ReadOnlySpan<byte> record)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        _records.Add((log, record.ToArray()));
    }

    public JsonElement Single()
    {
        var (log, bytes) = Assert.Single(_records);
        Assert.Equal(RecordLogs.Impressions, log);
        return JsonDocument.Parse(bytes).RootElement;
    }

    public List<JsonElement> All() => [.. _records.Select(r => JsonDocument.Parse(r.Bytes).RootElement)];
}

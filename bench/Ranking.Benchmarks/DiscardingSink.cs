using Ranking.Handlers.Impressions;

namespace Ranking.Benchmarks;

/// <summary>Takes each record and drops it; counts what it was given so a check can see logging really happened.</summary>
internal sealed class DiscardingSink : IRecordSink
{
    public long Records { get; private set; }

    public long Bytes { get; private set; }

    public void Write(string log, ReadOnlySpan<byte> record)
    {
        Records++;
        Bytes += record.Length;
    }
}

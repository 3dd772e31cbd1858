using Ranking.Stores.Feeds;

namespace Ranking.Cli.Data;

/// <summary>
/// <c>enqueue --all</c>: every segment of the parallel scan at once (<see cref="SegmentEnqueuer"/>, the same code the
/// FeedBackfill function runs per segment in AWS), at most <c>rate</c> messages a second over all of them, the
/// cursor saved after each page. A message that still fails after <see cref="RerankQueue"/>'s retries is counted and
/// named, never dropped silently; SQS unreachable after the retries stops the run, resumable.
/// </summary>
internal sealed class FeedBackfill(SegmentEnqueuer segments, BackfillCursor cursor, double? rate, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _sent;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    /// <summary>Messages sent so far in this run, for a progress display.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task<BackfillResult> RunAsync(CancellationToken cancellationToken)
    {
        var runs = await Task.WhenAll(cursor.Segments.Where(s => !s.Done).Select(segment => segments.RunAsync(
            cursor.Surface,
            segment.Segment,
            cursor.Segments.Count,
            segment.After,
            keepGoing: () => true,
            WaitForRateAsync,
            (next, sent) =>
            {
                Interlocked.Add(ref _sent, sent);
                cursor.Advance(segment, next, sent);
            },
            cancellationToken)));
        return new BackfillResult(runs.Sum(r => r.Scanned), Sent, [.. runs.SelectMany(r => r.Failed)]);
    }

    /// <summary>Spaces batches so that all segments together send at most <c>rate</c> messages a second.</summary>
    private async Task WaitForRateAsync(int messages, CancellationToken cancellationToken)
    {
        if (rate is not { } perSecond)
        {
            return;
        }

        DateTimeOffset slot;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + TimeSpan.FromSeconds(messages / perSecond);
        }

        var wait = slot - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}

/// <summary>What one run of a backfill did: feeds read, messages sent, and the users whose message failed (with why).</summary>
internal sealed record BackfillResult(long Scanned, long Sent, IReadOnlyList<string> Failed);

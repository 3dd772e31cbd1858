using Amazon.SQS;
using Amazon.SQS.Model;
using Ranking.Stores.Feeds;

namespace Ranking.Cli.Data;

/// <summary>
/// <c>enqueue --all</c>: a parallel scan of the feeds table, one task per segment, each page's users sent as
/// re-rank messages in batches of ten (SQS's maximum), at most <c>rate</c> messages a second over all segments. A
/// message SQS refuses for its own reasons is sent again with backoff (one the sender caused is not); one that still
/// fails is counted and named, never dropped silently. SQS unreachable after the retries stops the run, resumable.
/// </summary>
internal sealed class FeedBackfill(DynamoFeedStore feeds, IAmazonSQS sqs, string queueUrl, BackfillCursor cursor, double? rate, TimeProvider time)
{
    private const int PageSize = 100;
    private const int BatchSize = 10;
    private const int Attempts = 4;

    private readonly Lock _lock = new();
    private readonly List<string> _failed = [];
    private long _scanned;
    private long _sent;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    /// <summary>Messages sent so far in this run, for a progress display.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task<BackfillResult> RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(cursor.Segments.Where(s => !s.Done).Select(s => RunSegmentAsync(s, cancellationToken)));
        lock (_lock)
        {
            return new BackfillResult(Interlocked.Read(ref _scanned), Sent, [.. _failed]);
        }
    }

    private async Task RunSegmentAsync(BackfillCursor.SegmentState segment, CancellationToken cancellationToken)
    {
        while (!segment.Done)
        {
            var page = await feeds.ScanSurfaceAsync(cursor.Surface, segment.Segment, cursor.Segments.Count, segment.After, PageSize, cancellationToken);
            Interlocked.Add(ref _scanned, page.Scanned);
            long sent = 0;
            foreach (var batch in page.UserIds.Chunk(BatchSize))
            {
                sent += await SendAsync(batch, cancellationToken);
            }

            cursor.Advance(segment, page.Next, sent);
        }
    }

    /// <returns>How many of <paramref name="users"/> were sent.</returns>
    private async Task<int> SendAsync(string[] users, CancellationToken cancellationToken)
    {
        await WaitForRateAsync(users.Length, cancellationToken);
        var pending = users.Select((user, i) => new SendMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), RerankMessageBody.Build(user, cursor.Surface))).ToList();
        var sent = 0;
        string? lastError = null;
        for (var attempt = 0; attempt < Attempts && pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), time, cancellationToken);
            }

            try
            {
                var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(queueUrl, pending), cancellationToken);
                var refused = (response.Failed ?? []).ToDictionary(f => f.Id, f => f);
                sent += pending.Count - refused.Count;
                lastError = refused.Values.FirstOrDefault() is { } first ? $"{first.Code}: {first.Message}" : null;
                // A refusal the sender caused (a malformed message) would fail again: only SQS's own failures are retried.
                pending = [.. pending.Where(e => refused.TryGetValue(e.Id, out var f) && !(f.SenderFault ?? false))];
                foreach (var hopeless in refused.Values.Where(f => f.SenderFault ?? false))
                {
                    Fail(users[int.Parse(hopeless.Id, System.Globalization.CultureInfo.InvariantCulture)], $"{hopeless.Code}: {hopeless.Message}");
                }
            }
            catch (AmazonSQSException e) when (attempt < Attempts - 1)
            {
                lastError = e.Message;
            }
        }

        foreach (var entry in pending)
        {
            Fail(users[int.Parse(entry.Id, System.Globalization.CultureInfo.InvariantCulture)], lastError ?? "not sent");
        }

        Interlocked.Add(ref _sent, sent);
        return sent;
    }

    private void Fail(string user, string reason)
    {
        lock (_lock)
        {
            _failed.Add($"{user} ({reason})");
        }
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

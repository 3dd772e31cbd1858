namespace Ranking.Stores.Feeds;

/// <summary>
/// One segment of a feed backfill: pages of a parallel scan of the feeds on a surface, each page's users sent as
/// re-rank messages. Stops at the end of the segment, or before a page when <c>keepGoing</c> says so (the Lambda's
/// deadline), returning where to go on. The CLI runs every segment at once; in AWS a state machine runs each as
/// Lambda invocations.
/// </summary>
public sealed class SegmentEnqueuer(DynamoFeedStore feeds, RerankQueue queue)
{
    public const int PageSize = 100;

    /// <param name="after">Where the segment goes on (the last key read), or null from its start.</param>
    /// <param name="keepGoing">Asked before each page; false stops the run with the segment not done.</param>
    /// <param name="pace">Awaited before each batch with its size (a rate limit), or null.</param>
    /// <param name="onPage">Told after each page: the key to go on after (null: the segment is done) and the messages it sent.</param>
    public async Task<SegmentRun> RunAsync(
        string surface,
        int segment,
        int segments,
        (string UserId, string Surface)? after,
        Func<bool> keepGoing,
        Func<int, CancellationToken, Task>? pace,
        Action<(string UserId, string Surface)?, long>? onPage,
        CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        long scanned = 0;
        long sent = 0;
        var done = false;
        while (!done && keepGoing())
        {
            var page = await feeds.ScanSurfaceAsync(surface, segment, segments, after, PageSize, cancellationToken);
            scanned += page.Scanned;
            long pageSent = 0;
            foreach (var batch in page.UserIds.Chunk(RerankQueue.BatchSize))
            {
                if (pace is not null)
                {
                    await pace(batch.Length, cancellationToken);
                }

                var (batchSent, batchFailed) = await queue.SendAsync(batch, surface, cancellationToken);
                pageSent += batchSent;
                failed.AddRange(batchFailed);
            }

            sent += pageSent;
            after = page.Next;
            done = page.Next is null;
            onPage?.Invoke(page.Next, pageSent);
        }

        return new SegmentRun(after, done, scanned, sent, failed);
    }
}

/// <summary>What a run of one segment did, and where it stopped.</summary>
/// <param name="Next">The key to go on after; null when <paramref name="Done"/>.</param>
/// <param name="Failed">Each user whose message could not be sent, with why.</param>
public sealed record SegmentRun((string UserId, string Surface)? Next, bool Done, long Scanned, long Sent, IReadOnlyList<string> Failed);

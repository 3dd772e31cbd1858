using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Ranking.Stores.Tables;

/// <summary>
/// Bulk puts with <c>BatchWriteItem</c>: 25 items per call (the API's limit), several calls in flight, unprocessed
/// items retried with backoff. For seeding tables (<c>ranking load</c>), not for the request path.
/// </summary>
public sealed class DynamoBatchWriter
{
    /// <summary>BatchWriteItem's limit on items per call.</summary>
    public const int MaxItemsPerBatch = 25;

    private readonly IAmazonDynamoDB _client;
    private readonly Backoff _backoff;
    private readonly int _concurrency;

    /// <param name="randomizer">Draws the retry jitter, a value in [0, 1): <c>Random.Shared.NextDouble</c> at the composition root, a pinned value in tests.</param>
    public DynamoBatchWriter(IAmazonDynamoDB client, TimeProvider timeProvider, Func<double> randomizer, int concurrency = 8, DynamoRetryOptions? retryOptions = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(randomizer);
        _client = client;
        _concurrency = concurrency;
        _backoff = new Backoff(retryOptions ?? new DynamoRetryOptions(), timeProvider, randomizer);
    }

    /// <summary>Puts every item (replacing any with the same key); <paramref name="progress"/> gets the count of each batch written.</summary>
    /// <exception cref="StoreException">DynamoDB refused a batch, or kept items unprocessed beyond the retries.</exception>
    public async Task WriteAsync(string tableName, IReadOnlyList<Dictionary<string, AttributeValue>> items, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(items);
        var batches = Enumerable.Range(0, (items.Count + MaxItemsPerBatch - 1) / MaxItemsPerBatch);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batches, options, async (batch, cancellationToken) =>
        {
            var start = batch * MaxItemsPerBatch;
            var count = Math.Min(MaxItemsPerBatch, items.Count - start);
            var requests = new List<WriteRequest>(count);
            for (var i = start; i < start + count; i++)
            {
                requests.Add(new WriteRequest(new PutRequest(items[i])));
            }

            await WriteBatchAsync(tableName, requests, cancellationToken);
            progress?.Report(count);
        });
    }

    private async Task WriteBatchAsync(string tableName, List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var request = new BatchWriteItemRequest { RequestItems = new() { [tableName] = requests } };
            var response = await _backoff.RunAsync(cancellationToken => _client.BatchWriteItemAsync(request, cancellationToken), "BatchWriteItem", tableName, cancellationToken);
            if (response.UnprocessedItems?.GetValueOrDefault(tableName) is not { Count: > 0 } unprocessed)
            {
                return;
            }

            if (round >= _backoff.MaxAttempts)
            {
                throw new StoreException($"BatchWriteItem on table {tableName} left {unprocessed.Count} items unprocessed after {round} attempts.");
            }

            requests = unprocessed;
            await _backoff.DelayAsync(round, cancellationToken);
        }
    }
}

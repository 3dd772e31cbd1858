using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;
using Ranking.Core.Data;
using Ranking.Stores.Tables;

namespace Ranking.Stores.Items;

/// <summary>
/// Items from the items table: ids not in the per-container cache are read with <c>BatchGetItem</c>, at most 100
/// keys per call (the API's limit), all chunks in flight together so a request pays one round trip, not one per
/// hundred candidates. Unprocessed keys and throttling are retried with backoff until the token (the request's
/// deadline) fires; then <see cref="OperationCanceledException"/> propagates and the caller falls back.
/// </summary>
public sealed class DynamoItemStore : IItemStore
{
    /// <summary>BatchGetItem's limit on keys per call.</summary>
    public const int MaxKeysPerBatch = 100;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly ItemCache _cache;
    private readonly Backoff _backoff;

    /// <param name="randomizer">Draws the retry jitter, a value in [0, 1): <c>Random.Shared.NextDouble</c> at the composition root, a pinned value in tests.</param>
    public DynamoItemStore(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, Func<double> randomizer, ItemCacheOptions? cacheOptions = null, DynamoRetryOptions? retryOptions = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(randomizer);
        _client = client;
        _tableName = tableName;
        _cache = new ItemCache(cacheOptions ?? new ItemCacheOptions(), timeProvider);
        _backoff = new Backoff(retryOptions ?? new DynamoRetryOptions(), timeProvider, randomizer);
    }

    /// <summary>Ids currently cached (found or remembered missing), for metrics and tests.</summary>
    public int CachedCount => _cache.Count;

    /// <exception cref="StoreException">Throttling outlasted the retries, or DynamoDB refused the call (e.g. no such table).</exception>
    /// <exception cref="InvalidDataException">A stored item does not match the schema.</exception>
    public async ValueTask<ItemRecord?[]> GetItemsAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var found = new ItemRecord?[itemIds.Count];
        List<string>? toRead = null;
        HashSet<string>? seen = null;
        for (var i = 0; i < found.Length; i++)
        {
            var id = itemIds[i];
            if (_cache.TryGet(id, out var cached))
            {
                found[i] = cached;
            }
            else if ((seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(id))
            {
                (toRead ??= []).Add(id);
            }
        }

        if (toRead is null)
        {
            return found;
        }

        var read = await ReadAsync(toRead, cancellationToken);
        foreach (var id in toRead)
        {
            _cache.Set(id, read.GetValueOrDefault(id));
        }

        for (var i = 0; i < found.Length; i++)
        {
            if (found[i] is null && read.TryGetValue(itemIds[i], out var item))
            {
                found[i] = item;
            }
        }

        return found;
    }

    private async Task<Dictionary<string, ItemRecord>> ReadAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var chunks = new Task<List<ItemRecord>>[(ids.Count + MaxKeysPerBatch - 1) / MaxKeysPerBatch];
        for (var c = 0; c < chunks.Length; c++)
        {
            var start = c * MaxKeysPerBatch;
            chunks[c] = ReadChunkAsync(ids.GetRange(start, Math.Min(MaxKeysPerBatch, ids.Count - start)), cancellationToken);
        }

        var byId = new Dictionary<string, ItemRecord>(ids.Count, StringComparer.Ordinal);
        foreach (var chunk in await Task.WhenAll(chunks))
        {
            foreach (var item in chunk)
            {
                byId[item.ItemId] = item;
            }
        }

        return byId;
    }

    private async Task<List<ItemRecord>> ReadChunkAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var keys = new List<Dictionary<string, AttributeValue>>(ids.Count);
        foreach (var id in ids)
        {
            keys.Add(new Dictionary<string, AttributeValue>(1, StringComparer.Ordinal) { [TableSchemas.Items.ItemId] = AttributeValues.String(id) });
        }

        var items = new List<ItemRecord>(ids.Count);
        var pending = new KeysAndAttributes { Keys = keys };
        for (var round = 1; ; round++)
        {
            var request = new BatchGetItemRequest { RequestItems = new() { [_tableName] = pending } };
            var response = await _backoff.RunAsync(cancellationToken => _client.BatchGetItemAsync(request, cancellationToken), "BatchGetItem", _tableName, cancellationToken);
            if (response.Responses?.GetValueOrDefault(_tableName) is { } rows)
            {
                foreach (var row in rows)
                {
                    items.Add(ItemMapper.FromAttributes(row));
                }
            }

            // DynamoDB answers part of a batch when it is throttled or the response would exceed 16 MB.
            if (response.UnprocessedKeys?.GetValueOrDefault(_tableName) is not { Keys.Count: > 0 } unprocessed)
            {
                return items;
            }

            if (round >= _backoff.MaxAttempts)
            {
                throw new StoreException($"BatchGetItem on table {_tableName} left {unprocessed.Keys.Count} keys unprocessed after {round} attempts.");
            }

            pending = unprocessed;
            await _backoff.DelayAsync(round, cancellationToken);
        }
    }
}

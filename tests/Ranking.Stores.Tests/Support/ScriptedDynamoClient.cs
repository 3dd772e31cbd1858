using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Ranking.Stores.Tests.Support;

/// <summary>
/// The real client against dynalite with BatchGetItem observable and perturbable: it counts calls and keys, can answer
/// only part of each batch (the rest as UnprocessedKeys, as DynamoDB does under load), or throttle every call.
/// </summary>
internal sealed class ScriptedDynamoClient : AmazonDynamoDBClient
{
    private int _calls;
    private int _keys;
    private int _maxConcurrent;
    private int _inFlight;

    public ScriptedDynamoClient(AWSCredentials credentials, AmazonDynamoDBConfig config)
        : base(credentials, config)
    {
    }

    public int BatchGetCalls => _calls;
    public int BatchGetKeys => _keys;
    public int MaxConcurrentBatchGets => _maxConcurrent;

    /// <summary>When set, each call processes at most this many keys and returns the rest as unprocessed.</summary>
    public int? ProcessAtMost { get; set; }

    public bool Throttle { get; set; }

    public override async Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxConcurrent, inFlight);
        try
        {
            if (Throttle)
            {
                throw new ProvisionedThroughputExceededException("scripted throttling");
            }

            var (table, keysAndAttributes) = request.RequestItems.Single();
            Interlocked.Add(ref _keys, keysAndAttributes.Keys.Count);
            if (ProcessAtMost is not { } limit || keysAndAttributes.Keys.Count <= limit)
            {
                return await base.BatchGetItemAsync(request, cancellationToken);
            }

            var now = new BatchGetItemRequest { RequestItems = new() { [table] = new KeysAndAttributes { Keys = keysAndAttributes.Keys.Take(limit).ToList() } } };
            var response = await base.BatchGetItemAsync(now, cancellationToken);
            response.UnprocessedKeys = new() { [table] = new KeysAndAttributes { Keys = keysAndAttributes.Keys.Skip(limit).ToList() } };
            return response;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

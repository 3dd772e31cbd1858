using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Feeds;
using A = Ranking.Stores.TableSchemas.Feeds;

namespace Ranking.Stores.DynamoDb;

/// <summary>
/// Feeds in the feeds table. Every write is one conditional or atomic <c>UpdateItem</c> on one item (no
/// transactions: DynamoDB serialises writes per item, and dynalite has no transaction API), so concurrent re-ranks
/// and candidate updates of the same feed cannot interleave into a ranking of candidates it was not computed from.
/// </summary>
public sealed class DynamoFeedStore : IFeedStore
{
    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly Backoff _backoff;
    private readonly TimeProvider _timeProvider;

    public DynamoFeedStore(IAmazonDynamoDB client, string tableName, DynamoRetryOptions? retryOptions = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        _client = client;
        _tableName = tableName;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _backoff = new Backoff(retryOptions ?? new DynamoRetryOptions(), _timeProvider);
    }

    /// <summary>A strongly consistent read: a re-rank must see the candidates version the last write left.</summary>
    public async ValueTask<FeedRecord?> GetFeedAsync(string userId, string surface, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = _tableName, Key = Key(userId, surface), ConsistentRead = true };
        var response = await _backoff.RunAsync(ct => _client.GetItemAsync(request, ct), "GetItem", _tableName, cancellationToken);
        return response.Item is { Count: > 0 } item ? FeedMapper.FromAttributes(item) : null;
    }

    /// <summary>
    /// Replaces the candidates and adds 1 to their version in one atomic update (a feed that did not exist starts at 1).
    /// A stored ranking is kept: it is now stale (<see cref="FeedRecord.RankedFromVersion"/> is behind), which a reader
    /// can tell, and it is still a better answer than nothing until the re-rank lands.
    /// </summary>
    public async ValueTask<FeedRecord> PutCandidatesAsync(string userId, string surface, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(userId, surface),
            UpdateExpression = "SET #c = :c ADD #v :one",
            ExpressionAttributeNames = new() { ["#c"] = A.Candidates, ["#v"] = A.CandidatesVersion },
            ExpressionAttributeValues = new() { [":c"] = FeedMapper.Candidates(candidates), [":one"] = AttributeValues.Integer(1) },
            ReturnValues = ReturnValue.ALL_NEW,
        };
        var response = await _backoff.RunAsync(ct => _client.UpdateItemAsync(request, ct), "UpdateItem", _tableName, cancellationToken);
        return FeedMapper.FromAttributes(response.Attributes);
    }

    /// <summary>
    /// Sets the ranking attributes only if <c>candidatesVersion</c> still equals <c>ranked.RankedFromVersion</c>;
    /// the stored candidates are left as they are. <c>RankedAt</c> defaults to now.
    /// </summary>
    /// <returns>False when the condition failed (candidates changed, or no such feed): nothing was written.</returns>
    public async ValueTask<bool> TryWriteRankingAsync(FeedRecord ranked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (ranked.RankedFromVersion is not { } version)
        {
            throw new ArgumentException("RankedFromVersion is required: the write is conditional on it.", nameof(ranked));
        }

        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        FeedMapper.AddRanking(values, new FeedRecord
        {
            UserId = ranked.UserId,
            Surface = ranked.Surface,
            Ranked = ranked.Ranked ?? [],
            RankedFromVersion = version,
            ModelName = ranked.ModelName,
            ModelVersion = ranked.ModelVersion,
            RankedAt = ranked.RankedAt ?? _timeProvider.GetUtcNow(),
        });
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(ranked.UserId, ranked.Surface),
            ConditionExpression = "#cv = :v",
            ExpressionAttributeNames = new() { ["#cv"] = A.CandidatesVersion },
            ExpressionAttributeValues = new() { [":v"] = AttributeValues.Integer(version) },
        };
        request.UpdateExpression = BuildRankingUpdate(values, request);
        try
        {
            await _backoff.RunAsync(ct => _client.UpdateItemAsync(request, ct), "UpdateItem", _tableName, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    // SET for the attributes the ranking has, REMOVE for the ones it lacks, so no value of an older ranking survives.
    private static string BuildRankingUpdate(Dictionary<string, AttributeValue> values, UpdateItemRequest request)
    {
        var set = new List<string>();
        var remove = new List<string>();
        string[] names = [A.Ranked, A.RankedFromVersion, A.ModelName, A.ModelVersion, A.RankedAt];
        for (var i = 0; i < names.Length; i++)
        {
            var alias = string.Create(CultureInfo.InvariantCulture, $"#r{i}");
            request.ExpressionAttributeNames[alias] = names[i];
            if (values.TryGetValue(names[i], out var value))
            {
                var placeholder = string.Create(CultureInfo.InvariantCulture, $":r{i}");
                request.ExpressionAttributeValues[placeholder] = value;
                set.Add($"{alias} = {placeholder}");
            }
            else
            {
                remove.Add(alias);
            }
        }

        var update = "SET " + string.Join(", ", set);
        return remove.Count == 0 ? update : update + " REMOVE " + string.Join(", ", remove);
    }

    private static Dictionary<string, AttributeValue> Key(string userId, string surface)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(surface);
        return new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal)
        {
            [A.UserId] = AttributeValues.String(userId),
            [A.Surface] = AttributeValues.String(surface),
        };
    }
}

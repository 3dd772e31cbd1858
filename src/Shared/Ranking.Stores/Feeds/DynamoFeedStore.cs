using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Tables;

using A = Ranking.Contracts.TableSchemas.Feeds;

namespace Ranking.Stores.Feeds;

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

    /// <param name="randomizer">Draws the retry jitter, a value in [0, 1): <c>Random.Shared.NextDouble</c> at the composition root, a pinned value in tests.</param>
    public DynamoFeedStore(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, Func<double> randomizer, DynamoRetryOptions? retryOptions = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(randomizer);
        _client = client;
        _tableName = tableName;
        _timeProvider = timeProvider;
        _backoff = new Backoff(retryOptions ?? new DynamoRetryOptions(), _timeProvider, randomizer);
    }

    /// <summary>A strongly consistent read: a re-rank must see the candidates version the last write left.</summary>
    public async ValueTask<FeedRecord?> GetFeedAsync(string userId, string surface, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = _tableName, Key = Key(userId, surface), ConsistentRead = true };
        var response = await _backoff.RunAsync(cancellationToken => _client.GetItemAsync(request, cancellationToken), "GetItem", _tableName, cancellationToken);
        return response.Item is { Count: > 0 } item ? FeedMapper.FromAttributes(item) : null;
    }

    /// <summary>
    /// One page of segment <paramref name="segment"/> of <paramref name="segments"/> of a parallel scan, keys only, of the
    /// feeds on <paramref name="surface"/> (a backfill re-ranks every stored feed). Eventually consistent, as a scan of
    /// the whole table may be: a feed written during it is re-ranked by the message its own write sent.
    /// </summary>
    /// <param name="after">Where the previous page of this segment ended, or null for its first page.</param>
    public async ValueTask<FeedScanPage> ScanSurfaceAsync(
        string surface, int segment, int segments, (string UserId, string Surface)? after, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segment);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(segment, segments);
        var request = new ScanRequest
        {
            TableName = _tableName,
            Segment = segment,
            TotalSegments = segments,
            Limit = pageSize,
            ProjectionExpression = "#u, #s",
            FilterExpression = "#s = :s",
            ExpressionAttributeNames = new() { ["#u"] = A.UserId, ["#s"] = A.Surface },
            ExpressionAttributeValues = new() { [":s"] = AttributeValues.String(surface) },
            ExclusiveStartKey = after is { } key ? Key(key.UserId, key.Surface) : null,
        };
        var response = await _backoff.RunAsync(cancellationToken => _client.ScanAsync(request, cancellationToken), "Scan", _tableName, cancellationToken);
        var users = new List<string>(response.Items?.Count ?? 0);
        foreach (var item in response.Items ?? [])
        {
            users.Add(AttributeValues.RequireString(item, A.UserId, "feed"));
        }

        (string, string)? next = response.LastEvaluatedKey is { Count: > 0 } last
            ? (AttributeValues.RequireString(last, A.UserId, "scan key"), AttributeValues.RequireString(last, A.Surface, "scan key"))
            : null;
        return new FeedScanPage(users, response.ScannedCount ?? users.Count, next);
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
        var response = await _backoff.RunAsync(cancellationToken => _client.UpdateItemAsync(request, cancellationToken), "UpdateItem", _tableName, cancellationToken);
        return FeedMapper.FromAttributes(response.Attributes);
    }

    /// <summary>
    /// Sets the ranking attributes only if <c>candidatesVersion</c> still equals <c>ranked.RankedFromVersion</c> and the
    /// stored ranking of those candidates, if any, is not by a newer version of the same model
    /// (<see cref="RankingPrecedence"/>); the stored candidates are left as they are. <c>RankedAt</c> defaults to now.
    /// </summary>
    public async ValueTask<RankingWriteOutcome> WriteRankingAsync(FeedRecord ranked, CancellationToken cancellationToken)
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
            ImpressionId = ranked.ImpressionId,
            Experiment = ranked.Experiment,
        });
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(ranked.UserId, ranked.Surface),
            ExpressionAttributeNames = new(StringComparer.Ordinal),
            ExpressionAttributeValues = new(StringComparer.Ordinal),
        };
        request.UpdateExpression = BuildRankingUpdate(values, request);
        request.ConditionExpression = BuildRankingCondition(values, request);
        try
        {
            await _backoff.RunAsync(cancellationToken => _client.UpdateItemAsync(request, cancellationToken), "UpdateItem", _tableName, cancellationToken);
            return RankingWriteOutcome.Written;
        }
        catch (ConditionalCheckFailedException)
        {
            return await ExplainRefusalAsync(ranked.UserId, ranked.Surface, version, cancellationToken);
        }
    }

    // SET for the attributes the ranking has, REMOVE for the ones it lacks, so no value of an older ranking survives.
    // Each attribute is #name and its value :name, so the condition can name the ranking's own values.
    private static string BuildRankingUpdate(Dictionary<string, AttributeValue> values, UpdateItemRequest request)
    {
        var set = new List<string>();
        var remove = new List<string>();
        foreach (var name in (ReadOnlySpan<string>)[A.Ranked, A.RankedFromVersion, A.ModelName, A.ModelVersion, A.RankedModelOrder, A.RankedAt, A.ImpressionId, A.Experiment])
        {
            request.ExpressionAttributeNames["#" + name] = name;
            if (values.TryGetValue(name, out var value))
            {
                request.ExpressionAttributeValues[":" + name] = value;
                set.Add($"#{name} = :{name}");
            }
            else
            {
                remove.Add("#" + name);
            }
        }

        var update = "SET " + string.Join(", ", set);
        return remove.Count == 0 ? update : update + " REMOVE " + string.Join(", ", remove);
    }

    // RankingPrecedence as a condition. A ranking without a model name or version, or an experiment's (written without
    // the sort key), claims no precedence, so only the
    // candidates version guards it. With one, the stored ranking may be replaced when it is of other candidates, of
    // another model, of no model, written before the sort key existed, or by a version not newer (<= on the sort
    // key, whose string order is the version order). Equal passes: a re-run with the same model refreshes the ranking
    // with fresher item features, and a retried write whose first attempt landed meets its own ranking and succeeds.
    private static string BuildRankingCondition(Dictionary<string, AttributeValue> values, UpdateItemRequest request)
    {
        request.ExpressionAttributeNames["#" + A.CandidatesVersion] = A.CandidatesVersion;
        var current = $"#{A.CandidatesVersion} = :{A.RankedFromVersion}";
        if (!values.ContainsKey(A.ModelName) || !values.ContainsKey(A.RankedModelOrder))
        {
            return current;
        }

        return $"{current} AND (attribute_not_exists(#{A.RankedFromVersion}) OR #{A.RankedFromVersion} <> :{A.RankedFromVersion}"
            + $" OR attribute_not_exists(#{A.ModelName}) OR #{A.ModelName} <> :{A.ModelName}"
            + $" OR attribute_not_exists(#{A.RankedModelOrder}) OR #{A.RankedModelOrder} <= :{A.RankedModelOrder})";
    }

    // Which half of the condition refused: a strongly consistent read of the candidates version. The version only
    // grows, so if it still equals the ranking's, it did when the write was refused, and a newer model's ranking
    // stood in the way. (ReturnValuesOnConditionCheckFailure would save this read, but dynalite does not return the
    // item, and refusals are rare: a few in the minute after a promotion.)
    private async ValueTask<RankingWriteOutcome> ExplainRefusalAsync(string userId, string surface, long version, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(userId, surface),
            ConsistentRead = true,
            ProjectionExpression = "#cv",
            ExpressionAttributeNames = new() { ["#cv"] = A.CandidatesVersion },
        };
        var response = await _backoff.RunAsync(cancellationToken => _client.GetItemAsync(request, cancellationToken), "GetItem", _tableName, cancellationToken);
        var record = $"feed {userId}/{surface}";
        return response.Item is { Count: > 0 } item && AttributeValues.GetInteger(item, A.CandidatesVersion, record) == version
            ? RankingWriteOutcome.Superseded
            : RankingWriteOutcome.Stale;
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

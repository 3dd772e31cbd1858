using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Core.Models;
using Ranking.Stores.Tables;

using K = Ranking.Contracts.TableSchemas.Models;
using R = Ranking.Stores.Registry.RegistryAttributes;

namespace Ranking.Stores.Registry;

/// <summary>
/// The model registry in the models table: one item per version (SK = the version) and one alias item per name
/// (SK <c>alias#live</c>). dynalite has no transactions, so every change is a single-item conditional write.
/// <para>
/// Invariant: <b>the alias is the truth; version statuses follow it.</b> An alias move is one write, conditional on
/// the revision read before it, so of two racing moves exactly one lands. The status writes that follow (the new
/// version live, the old one retired) are separate, so a writer that dies between them leaves statuses behind the
/// alias; every promotion and rollback ends with a reconcile pass that repairs them (the alias's version live, no
/// other version live), repeated until the alias stood still during the pass.
/// </para>
/// </summary>
public sealed partial class DynamoModelRegistry(IAmazonDynamoDB client, string tableName, TimeProvider time, Func<double> randomizer) : IModelRegistry
{
    private readonly IAmazonDynamoDB _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly string _tableName = string.IsNullOrEmpty(tableName) ? throw new ArgumentException("a table name is required", nameof(tableName)) : tableName;
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly Backoff _backoff = new(new DynamoRetryOptions(), time, randomizer ?? throw new ArgumentNullException(nameof(randomizer)));

    public async Task<bool> TryRegisterAsync(ModelVersionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ValidateKey(record.Name, record.Version);
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = RegistryMapper.ToAttributes(record),
            ConditionExpression = "attribute_not_exists(#v)",
            ExpressionAttributeNames = new() { ["#v"] = K.Version },
        };
        try
        {
            await _backoff.RunAsync(cancellationToken => _client.PutItemAsync(request, cancellationToken), "PutItem", _tableName, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<ModelVersionRecord?> GetAsync(string name, string version, CancellationToken cancellationToken)
    {
        ValidateKey(name, version);
        var item = await GetItemAsync(name, version, cancellationToken);
        return item is null ? null : RegistryMapper.ToRecord(item);
    }

    public async Task<LiveAlias?> GetLiveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var item = await GetItemAsync(name, R.LiveAliasKey, cancellationToken);
        return item is null ? null : RegistryMapper.ToAlias(item);
    }

    public async Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "#n = :n",
            ExpressionAttributeNames = new() { ["#n"] = K.Name },
            ExpressionAttributeValues = new() { [":n"] = AttributeValues.String(name) },
            ConsistentRead = true,
        };
        var records = new List<ModelVersionRecord>();
        do
        {
            var response = await _backoff.RunAsync(cancellationToken => _client.QueryAsync(request, cancellationToken), "Query", _tableName, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                if (item.TryGetValue(K.Version, out var sk) && sk.S is { } key && !key.StartsWith(R.AliasPrefix, StringComparison.Ordinal))
                {
                    records.Add(RegistryMapper.ToRecord(item));
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        records.Sort((a, b) => ModelVersionOrder.Compare(a.Version, b.Version));
        return records;
    }

    /// <summary>A scan of the key only: the registry holds tens of names, and this serves the CLI, not a request path.</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = _tableName,
            ProjectionExpression = "#n",
            ExpressionAttributeNames = new() { ["#n"] = K.Name },
            ConsistentRead = true,
        };
        var names = new SortedSet<string>(StringComparer.Ordinal);
        do
        {
            var response = await _backoff.RunAsync(cancellationToken => _client.ScanAsync(request, cancellationToken), "Scan", _tableName, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                var name = AttributeValues.RequireString(item, K.Name, "model");
                // The table also holds each surface's experiment row, which is not a model.
                if (!name.StartsWith(Experiments.DynamoExperimentStore.KeyPrefix, StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return [.. names];
    }

    public Task<bool> TryUpdateStatusAsync(string name, string version, ModelStatus expected, ModelStatus next, string? reason, CancellationToken cancellationToken)
    {
        ValidateKey(name, version);
        if (expected == ModelStatus.Live || next == ModelStatus.Live)
        {
            // A status write alone would make a version live without the alias (or unlive it under the alias).
            throw new ArgumentException("live is set and cleared only by PromoteAsync and RollbackAsync, which move the alias.", expected == ModelStatus.Live ? nameof(expected) : nameof(next));
        }

        return TrySetStatusAsync(name, version, expected, next, reason, cancellationToken);
    }

    /// <summary>The one status write: conditional on the stored status, which also fails for a missing version.</summary>
    private async Task<bool> TrySetStatusAsync(string name, string version, ModelStatus expected, ModelStatus next, string? reason, CancellationToken cancellationToken)
    {
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = RegistryMapper.Key(name, version),
            ConditionExpression = "#s = :expected",
            ExpressionAttributeNames = new() { ["#s"] = R.Status, ["#u"] = R.UpdatedAt, ["#r"] = R.Reason },
            ExpressionAttributeValues = new()
            {
                [":expected"] = AttributeValues.String(expected.ToText()),
                [":next"] = AttributeValues.String(next.ToText()),
                [":u"] = AttributeValues.Timestamp(_time.GetUtcNow()),
            },
        };
        if (reason is { Length: > 0 })
        {
            request.ExpressionAttributeValues[":r"] = AttributeValues.String(reason);
            request.UpdateExpression = "SET #s = :next, #u = :u, #r = :r";
        }
        else
        {
            // A reason belongs to the status it explains; it does not survive into the next one.
            request.UpdateExpression = "SET #s = :next, #u = :u REMOVE #r";
        }

        try
        {
            await _backoff.RunAsync(cancellationToken => _client.UpdateItemAsync(request, cancellationToken), "UpdateItem", _tableName, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string name, string sortKey, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = _tableName, Key = RegistryMapper.Key(name, sortKey), ConsistentRead = true };
        var response = await _backoff.RunAsync(cancellationToken => _client.GetItemAsync(request, cancellationToken), "GetItem", _tableName, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static void ValidateKey(string name, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (version.StartsWith(R.AliasPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"version '{version}' is reserved: '{R.AliasPrefix}...' sort keys are alias rows.", nameof(version));
        }
    }
}

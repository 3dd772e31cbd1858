using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Core.Experiments;
using Ranking.Stores.Tables;

using K = Ranking.Contracts.TableSchemas.Models;

namespace Ranking.Stores.Experiments;

/// <summary>
/// Experiments in the models table (DESIGN.md, "Experiments"): one row per surface, partition key
/// <c>experiment#{surface}</c>, holding the experiment as JSON and its status. Starting is a conditional put (no row,
/// or a stopped one), so two people starting experiments on one surface cannot both win; stopping is conditional on
/// the row read before it.
/// </summary>
public sealed class DynamoExperimentStore(IAmazonDynamoDB client, string tableName, TimeProvider time, Func<double> randomizer) : IExperimentStore
{
    /// <summary>The partition key prefix of experiment rows; no model name may start with it.</summary>
    public const string KeyPrefix = "experiment#";
    private const string SortKey = "experiment";
    private const string Definition = "definition";
    private const string Status = "status";
    private const string Running = "running";
    private const string Stopped = "stopped";

    private readonly Backoff _backoff = new(new DynamoRetryOptions(), time, randomizer);

    public string Source => $"table {tableName}";

    public async Task<Experiment?> GetAsync(string surface, CancellationToken cancellationToken) =>
        await GetItemAsync(surface, cancellationToken) is { } item ? Read(item) : null;

    public async Task<IReadOnlyList<Experiment>> ListAsync(CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = tableName,
            FilterExpression = "begins_with(#n, :p)",
            ExpressionAttributeNames = new() { ["#n"] = K.Name },
            ExpressionAttributeValues = new() { [":p"] = AttributeValues.String(KeyPrefix) },
            ConsistentRead = true,
        };
        var experiments = new List<Experiment>();
        do
        {
            var response = await _backoff.RunAsync(cancellationToken => client.ScanAsync(request, cancellationToken), "Scan", tableName, cancellationToken);
            experiments.AddRange((response.Items ?? []).Select(Read));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return [.. experiments.OrderBy(e => e.Surface, StringComparer.Ordinal)];
    }

    public async Task<bool> TryStartAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var request = new PutItemRequest
        {
            TableName = tableName,
            Item = Item(experiment),
            ConditionExpression = "attribute_not_exists(#n) OR #s = :stopped",
            ExpressionAttributeNames = new() { ["#n"] = K.Name, ["#s"] = Status },
            ExpressionAttributeValues = new() { [":stopped"] = AttributeValues.String(Stopped) },
        };
        try
        {
            await _backoff.RunAsync(cancellationToken => client.PutItemAsync(request, cancellationToken), "PutItem", tableName, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<Experiment?> StopAsync(string surface, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await GetItemAsync(surface, cancellationToken) is not { } item || Read(item) is not { IsRunning: true } running)
            {
                return null;
            }

            var stopped = running with { StoppedAt = at };
            var request = new PutItemRequest
            {
                TableName = tableName,
                Item = Item(stopped),
                // Only the run that was read: a stop racing a stop and a new start must not stop the new run.
                ConditionExpression = "#d = :read",
                ExpressionAttributeNames = new() { ["#d"] = Definition },
                ExpressionAttributeValues = new() { [":read"] = item[Definition] },
            };
            try
            {
                await _backoff.RunAsync(cancellationToken => client.PutItemAsync(request, cancellationToken), "PutItem", tableName, cancellationToken);
                return stopped;
            }
            catch (ConditionalCheckFailedException)
            {
                // Changed since it was read: read it again.
            }
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string surface, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = tableName, Key = Key(surface), ConsistentRead = true };
        var response = await _backoff.RunAsync(cancellationToken => client.GetItemAsync(request, cancellationToken), "GetItem", tableName, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static Dictionary<string, AttributeValue> Key(string surface) => new(StringComparer.Ordinal)
    {
        [K.Name] = AttributeValues.String(KeyPrefix + surface),
        [K.Version] = AttributeValues.String(SortKey),
    };

    private static Dictionary<string, AttributeValue> Item(Experiment experiment)
    {
        var item = Key(experiment.Surface);
        item[Definition] = AttributeValues.String(ExperimentJson.Write(experiment));
        item[Status] = AttributeValues.String(experiment.IsRunning ? Running : Stopped);
        return item;
    }

    private Experiment Read(Dictionary<string, AttributeValue> item)
    {
        var key = item.TryGetValue(K.Name, out var name) ? name.S : "?";
        var where = $"{tableName} row {key}";
        return item.TryGetValue(Definition, out var json) && json.S is { } text
            ? ExperimentJson.Read(text, where)
            : throw new InvalidDataException($"{where}: no '{Definition}' string attribute");
    }
}

using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Tables;

using K = Ranking.Contracts.TableSchemas.Models;
using R = Ranking.Stores.Registry.RegistryAttributes;

namespace Ranking.Stores.Registry;

/// <summary>Promotion and rollback: one conditional alias write each, then the statuses follow.</summary>
public sealed partial class DynamoModelRegistry
{
    /// <summary>Older entries fall off so the alias item stays far below DynamoDB's 400 KB item limit.</summary>
    internal const int MaxHistory = 100;

    public async Task<RegistryResult> PromoteAsync(string name, string version, CancellationToken cancellationToken)
    {
        ValidateKey(name, version);
        var current = await GetLiveAsync(name, cancellationToken);
        var target = await GetAsync(name, version, cancellationToken);
        if (target is null)
        {
            return new RegistryResult(RegistryOutcome.NotFound, $"{name}/{version} is not registered.");
        }

        if (current?.Version == version)
        {
            return new RegistryResult(RegistryOutcome.Done, $"{name}/{version} is already live.", await ReconcileAsync(name, cancellationToken));
        }

        if (target.Status is not (ModelStatus.Validated or ModelStatus.Retired))
        {
            return new RegistryResult(RegistryOutcome.WrongStatus, $"{name}/{version} is {target.Status.ToText()}: only a validated (or retired) version can be promoted.");
        }

        var history = new List<string>(current?.History.Count + 1 ?? 0);
        if (current is not null)
        {
            // A re-promoted version leaves the history: it is live again, not an earlier live version.
            history.AddRange(current.History.Where(v => v != version));
            history.Add(current.Version);
        }

        var next = NewAlias(name, version, history, (current?.Revision ?? 0) + 1);
        if (!await TryWriteAliasAsync(next, current?.Revision, cancellationToken))
        {
            return Conflict(name, current);
        }

        if (!await TrySetStatusAsync(name, version, target.Status, ModelStatus.Live, null, cancellationToken)
            && await GetAsync(name, version, cancellationToken) is not { Status: ModelStatus.Live or ModelStatus.Validated or ModelStatus.Retired })
        {
            // Rejected (or deleted) between our check and our alias write: a bad model must not stay live, so the
            // alias goes back. The previous live version was not retired yet, so it serves on unchanged.
            await UndoPromotionAsync(next, current, cancellationToken);
            await ReconcileAsync(name, cancellationToken);
            return new RegistryResult(RegistryOutcome.WrongStatus, $"{name}/{version} was rejected while being promoted; the live alias was moved back.");
        }

        if (current is not null)
        {
            await TrySetStatusAsync(name, current.Version, ModelStatus.Live, ModelStatus.Retired, null, cancellationToken);
        }

        var live = await ReconcileAsync(name, cancellationToken);
        return new RegistryResult(RegistryOutcome.Done, $"{name}/{version} is live (was {current?.Version ?? "none"}).", live);
    }

    public async Task<RegistryResult> RollbackAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var current = await GetLiveAsync(name, cancellationToken);
        if (current is not { History.Count: > 0 })
        {
            return new RegistryResult(RegistryOutcome.NothingToRollBackTo,
                current is null ? $"{name} has no live version." : $"{name}/{current.Version} is live and has no earlier live version.");
        }

        var previous = current.History[^1];
        var target = await GetAsync(name, previous, cancellationToken);
        if (target is null)
        {
            return new RegistryResult(RegistryOutcome.NotFound, $"{name}/{previous}, the previous live version, is not registered.");
        }

        if (target.Status is ModelStatus.Rejected or ModelStatus.Published)
        {
            return new RegistryResult(RegistryOutcome.WrongStatus, $"{name}/{previous}, the previous live version, is {target.Status.ToText()}: promote a validated version instead.");
        }

        var next = NewAlias(name, previous, [.. current.History.Take(current.History.Count - 1)], current.Revision + 1);
        if (!await TryWriteAliasAsync(next, current.Revision, cancellationToken))
        {
            return Conflict(name, current);
        }

        if (target.Status != ModelStatus.Live)
        {
            await TrySetStatusAsync(name, previous, target.Status, ModelStatus.Live, null, cancellationToken);
        }

        await TrySetStatusAsync(name, current.Version, ModelStatus.Live, ModelStatus.Retired, null, cancellationToken);
        var live = await ReconcileAsync(name, cancellationToken);
        return new RegistryResult(RegistryOutcome.Done, $"{name}/{previous} is live again ({current.Version} retired).", live);
    }

    private LiveAlias NewAlias(string name, string version, List<string> history, long revision)
    {
        if (history.Count > MaxHistory)
        {
            history.RemoveRange(0, history.Count - MaxHistory);
        }

        return new LiveAlias { Name = name, Version = version, History = history, Revision = revision, UpdatedAt = _time.GetUtcNow() };
    }

    private static RegistryResult Conflict(string name, LiveAlias? seen) => new(RegistryOutcome.Conflict,
        $"the live alias of {name} moved while this change was being made (it was {seen?.Version ?? "unset"}, revision {seen?.Revision ?? 0}); nothing was changed: read it again and retry.");

    /// <summary>
    /// Writes the whole alias item if its revision is still <paramref name="expectedRevision"/>, or if there is no
    /// alias yet when that is null. False, with nothing written, when another writer got there first.
    /// </summary>
    private async Task<bool> TryWriteAliasAsync(LiveAlias alias, long? expectedRevision, CancellationToken cancellationToken)
    {
        var request = new PutItemRequest { TableName = _tableName, Item = RegistryMapper.ToAttributes(alias) };
        if (expectedRevision is { } revision)
        {
            request.ConditionExpression = "#rev = :rev";
            request.ExpressionAttributeNames = new() { ["#rev"] = R.Revision };
            request.ExpressionAttributeValues = new() { [":rev"] = AttributeValues.Integer(revision) };
        }
        else
        {
            request.ConditionExpression = "attribute_not_exists(#v)";
            request.ExpressionAttributeNames = new() { ["#v"] = K.Version };
        }

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

    /// <summary>
    /// Puts the alias back where it was, as a new revision (revisions only grow, which is what the reconcile pass
    /// relies on to notice a move). When there was no alias before, the alias row is deleted. Conditional on our
    /// own write still being the latest: if someone moved the alias since, their move stands.
    /// </summary>
    private async Task UndoPromotionAsync(LiveAlias written, LiveAlias? previous, CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            var restored = NewAlias(previous.Name, previous.Version, [.. previous.History], written.Revision + 1);
            await TryWriteAliasAsync(restored, written.Revision, cancellationToken);
            return;
        }

        var request = new DeleteItemRequest
        {
            TableName = _tableName,
            Key = RegistryMapper.Key(written.Name, R.LiveAliasKey),
            ConditionExpression = "#rev = :rev",
            ExpressionAttributeNames = new() { ["#rev"] = R.Revision },
            ExpressionAttributeValues = new() { [":rev"] = AttributeValues.Integer(written.Revision) },
        };
        try
        {
            await _backoff.RunAsync(cancellationToken => _client.DeleteItemAsync(request, cancellationToken), "DeleteItem", _tableName, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone moved the alias after us: theirs is the truth now.
        }
    }
}

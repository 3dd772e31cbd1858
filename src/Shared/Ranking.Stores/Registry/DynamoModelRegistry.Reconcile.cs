namespace Ranking.Stores.Registry;

/// <summary>Repairs version statuses to follow the alias (see the class summary for the invariant).</summary>
public sealed partial class DynamoModelRegistry
{
    /// <summary>Alias moves are rare (a schedule, an operator); a pass that keeps losing to them is given up on, not spun.</summary>
    private const int MaxReconcilePasses = 5;

    /// <summary>
    /// Makes the alias's version live, retires every other live version, and retires validated versions in the
    /// alias history (they served while a writer died before marking them). Each write is conditional on the status
    /// just read, so the pass never overwrites a newer decision. A pass that read a stale alias may have retired
    /// the newest live version; so the alias is read again after the pass and the pass repeats until it stood still.
    /// </summary>
    /// <returns>The alias the last pass repaired against; null when the name has no alias.</returns>
    private async Task<LiveAlias?> ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        var alias = await GetLiveAsync(name, cancellationToken);
        for (var pass = 0; alias is not null && pass < MaxReconcilePasses; pass++)
        {
            foreach (var record in await ListAsync(name, cancellationToken))
            {
                var next = Repair(record, alias);
                if (next is { } status)
                {
                    await TrySetStatusAsync(name, record.Version, record.Status, status, null, cancellationToken);
                }
            }

            var after = await GetLiveAsync(name, cancellationToken);
            if (after?.Revision == alias.Revision)
            {
                return after;
            }

            alias = after;
        }

        return alias;
    }

    private static ModelStatus? Repair(ModelVersionRecord record, LiveAlias alias)
    {
        if (record.Version == alias.Version)
        {
            // A rejected alias target is not made live: that is the promotion's own undo to make, or an operator's.
            return record.Status is ModelStatus.Validated or ModelStatus.Retired ? ModelStatus.Live : null;
        }

        if (record.Status == ModelStatus.Live)
        {
            return ModelStatus.Retired;
        }

        return record.Status == ModelStatus.Validated && alias.History.Contains(record.Version) ? ModelStatus.Retired : null;
    }
}

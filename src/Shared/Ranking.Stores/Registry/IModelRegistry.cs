namespace Ranking.Stores.Registry;

/// <summary>
/// Model versions and the live alias per model name. Every status change and alias move is one conditional write on
/// one item, so racing writers cannot both win; the alias is the truth and statuses are repaired to follow it.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Adds a version; false when the version already exists (nothing is overwritten).</summary>
    Task<bool> TryRegisterAsync(ModelVersionRecord record, CancellationToken cancellationToken);

    Task<ModelVersionRecord?> GetAsync(string name, string version, CancellationToken cancellationToken);

    /// <summary>The versions of <paramref name="name"/> (no alias rows), oldest first in <see cref="Ranking.Core.Models.ModelVersionOrder"/>.</summary>
    Task<IReadOnlyList<ModelVersionRecord>> ListAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every model name in the registry, ordinal order.</summary>
    Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken);

    /// <summary>The live alias, read consistently; null when no version was ever promoted.</summary>
    Task<LiveAlias?> GetLiveAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status (and the reason, removed when null) only if the stored status is <paramref name="expected"/>;
    /// false, with nothing written, otherwise or when the version does not exist. <see cref="ModelStatus.Live"/> is
    /// neither expected nor set here: only <see cref="PromoteAsync"/> and <see cref="RollbackAsync"/> move it.
    /// </summary>
    Task<bool> TryUpdateStatusAsync(string name, string version, ModelStatus expected, ModelStatus next, string? reason, CancellationToken cancellationToken);

    /// <summary>
    /// Points the alias at <paramref name="version"/>, which must be validated (or retired: re-promotion), retires the
    /// previous live version, and records it in the alias history.
    /// </summary>
    Task<RegistryResult> PromoteAsync(string name, string version, CancellationToken cancellationToken);

    /// <summary>Points the alias back at the last entry of its history (popping it) and retires the version it leaves.</summary>
    Task<RegistryResult> RollbackAsync(string name, CancellationToken cancellationToken);
}

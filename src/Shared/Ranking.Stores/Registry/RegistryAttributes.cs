namespace Ranking.Stores.Registry;

/// <summary>
/// Attribute names of the models table beyond its keys (<see cref="Contracts.TableSchemas.Models"/>). Part of the stored data:
/// never rename one.
/// </summary>
internal static class RegistryAttributes
{
    /// <summary>The sort key of the live alias row. Versions may not start with <see cref="AliasPrefix"/>.</summary>
    public const string LiveAliasKey = Contracts.TableSchemas.Models.LiveAlias;
    public const string AliasPrefix = "alias#";

    public const string Status = "status";
    public const string Reason = "reason";
    public const string Sha256 = "sha256";
    public const string Location = "location";
    public const string Metrics = "metrics";
    public const string PublishedAt = "publishedAt";
    public const string UpdatedAt = "updatedAt";

    // Alias rows only.
    public const string LiveVersion = Contracts.TableSchemas.Models.LiveVersion;
    public const string History = "history";
    public const string Revision = "revision";
}

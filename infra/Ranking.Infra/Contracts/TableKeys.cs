namespace Ranking.Infra.Contracts;

/// <summary>
/// The tables' key attributes, as <c>Ranking.Stores.TableSchemas</c> defines them (a test keeps the two equal).
/// Key names are part of the stored data: renaming one means a new table.
/// </summary>
internal static class TableKeys
{
    public const string ItemId = "itemId";
    public const string UserId = "userId";
    public const string Surface = "surface";
    public const string ModelName = "name";
    public const string ModelVersion = "version";
}

namespace Ranking.Contracts;

/// <summary>
/// The DynamoDB tables' default names, keys and attribute names: the one place the CDK app, the CLI loader and
/// the stores agree on. Attribute names are case-sensitive and part of the stored data, so never rename one.
/// </summary>
public static class TableSchemas
{
    public const string DefaultItemsTable = "ranking-items";
    public const string DefaultUsersTable = "ranking-users";
    public const string DefaultFeedsTable = "ranking-feeds";
    public const string DefaultModelsTable = "ranking-models";

    /// <summary>Items: PK <c>itemId</c>; any numeric attribute not named here is a counter in <c>ItemRecord.Numbers</c>.</summary>
    public static class Items
    {
        public const string ItemId = "itemId";
        public const string SellerId = "sellerId";
        public const string Status = "status";
        public const string Title = "title";
        public const string Brand = "brand";
        public const string Category = "category";
        public const string Size = "size";
        public const string Price = "price";
        /// <summary>ISO-8601 UTC string.</summary>
        public const string ListedAt = "listedAt";
    }

    /// <summary>Users: PK <c>userId</c>; numeric attributes plus three maps of value -> weight.</summary>
    public static class Users
    {
        public const string UserId = "userId";
        public const string BrandAffinity = "brandAffinity";
        public const string CategoryAffinity = "categoryAffinity";
        public const string SizeAffinity = "sizeAffinity";
    }

    /// <summary>Feeds: PK <c>userId</c>, SK <c>surface</c>.</summary>
    public static class Feeds
    {
        public const string UserId = "userId";
        public const string Surface = "surface";
        public const string Candidates = "candidates";
        public const string CandidatesVersion = "candidatesVersion";
        /// <summary>A list of maps <c>{itemId: S, score: N}</c>, best first.</summary>
        public const string Ranked = "ranked";
        public const string RankedItemId = "itemId";
        public const string RankedScore = "score";
        public const string RankedFromVersion = "rankedFromVersion";
        public const string ModelName = "modelName";
        public const string ModelVersion = "modelVersion";
        /// <summary>
        /// <c>ModelVersionOrder.SortKey(modelVersion)</c>, written with every ranking outside an experiment: a condition
        /// expression compares it as a string, since it cannot compare versions; missing on rankings written before it
        /// existed and on an experiment's.
        /// </summary>
        public const string RankedModelOrder = "rankedModelOrder";
        public const string RankedAt = "rankedAt";
        /// <summary>The id the ranking was logged under: events from the app that showed this feed carry it.</summary>
        public const string ImpressionId = "impressionId";
        /// <summary><c>{experimentId}/{variant}</c> of a ranking made under an experiment.</summary>
        public const string Experiment = "experiment";
    }

    /// <summary>The model registry: PK <c>name</c>, SK <c>version</c>.</summary>
    public static class Models
    {
        public const string Name = "name";
        public const string Version = "version";
        /// <summary>The sort key of a model's live alias row; the CDK app's backfill pipes filter the table's stream on it.</summary>
        public const string LiveAlias = "alias#live";
        /// <summary>The alias row's live version.</summary>
        public const string LiveVersion = "liveVersion";
    }
}

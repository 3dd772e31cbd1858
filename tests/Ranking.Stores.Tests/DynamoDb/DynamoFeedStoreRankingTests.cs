using Ranking.Stores.DynamoDb;
using Ranking.Stores.Tests.Feeds;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.DynamoDb;

/// <summary>The out-of-order ranking scenarios against dynalite, where the rule is a condition expression.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoFeedStoreRankingTests(DynaliteFixture dynalite) : FeedStoreRankingTests
{
    protected override async Task<IFeedStore> NewStoreAsync() =>
        new DynamoFeedStore(dynalite.Client, await dynalite.CreateTableAsync(TableSchemas.CreateFeedsTable), TimeProvider.System, Randomizers.Midpoint);
}

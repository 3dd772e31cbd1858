using Ranking.Stores.Feeds;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Feeds;

/// <summary>The out-of-order ranking scenarios against dynalite, where the rule is a condition expression.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoFeedStoreRankingTests(DynaliteFixture dynalite) : FeedStoreRankingTests
{
    protected override async Task<IFeedStore> NewStoreAsync() =>
        new DynamoFeedStore(dynalite.Client, await dynalite.CreateTableAsync(TableDefinitions.CreateFeedsTable), TimeProvider.System, Randomizers.Midpoint);
}

using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Tests.Feeds;

namespace Ranking.Stores.Tests.Files;

/// <summary>The out-of-order ranking scenarios against the in-memory store, where the rule is plain code.</summary>
public sealed class EmbeddedStoreRankingTests : FeedStoreRankingTests
{
    protected override Task<IFeedStore> NewStoreAsync() => Task.FromResult<IFeedStore>(new EmbeddedStore([], [], []));
}

using Ranking.Core.Data;
using Ranking.Stores.Feeds;

namespace Ranking.Training.Marketplace;

/// <summary>A generated marketplace: the records the stores load, the impression logs, and (internally) the latent truth behind them.</summary>
public sealed class MarketplaceSample
{
    internal MarketplaceSample(
        SampleGeneratorOptions options,
        IReadOnlyList<LatentUser> latentUsers,
        IReadOnlyList<UserRecord> users,
        IReadOnlyList<SellerRecord> sellers,
        IReadOnlyList<LatentItem> latentItems,
        IReadOnlyList<FeedRecord> feeds,
        IReadOnlyList<MarketplaceSession> sessions)
    {
        Options = options;
        LatentUsers = latentUsers;
        Users = users;
        Sellers = sellers;
        LatentItems = latentItems;
        Items = [.. latentItems.Select(static item => item.Record)];
        Feeds = feeds;
        Sessions = sessions;
    }

    public SampleGeneratorOptions Options { get; }
    public IReadOnlyList<ItemRecord> Items { get; }
    public IReadOnlyList<UserRecord> Users { get; }
    public IReadOnlyList<FeedRecord> Feeds { get; }
    /// <summary>Feed and search sessions, oldest first.</summary>
    public IReadOnlyList<MarketplaceSession> Sessions { get; }
    internal IReadOnlyList<SellerRecord> Sellers { get; }
    internal IReadOnlyList<LatentUser> LatentUsers { get; }
    internal IReadOnlyList<LatentItem> LatentItems { get; }
}

using Ranking.Core.Data;
using Ranking.Stores.Feeds;

namespace Ranking.Training.Marketplace;

/// <summary>
/// Builds one sample from one seeded random sequence. The steps run in a fixed order and draw in a fixed order,
/// so a seed always gives the same sample; each concern lives in its own partial file.
/// </summary>
internal sealed partial class SampleBuilder
{
    private readonly SampleGeneratorOptions _options;
    private readonly Random _random;
    private readonly List<LatentUser> _users = [];
    private readonly List<UserRecord> _userRecords = [];
    private readonly List<SellerRecord> _sellers = [];
    private readonly List<LatentItem> _items = [];
    private readonly List<FeedRecord> _feeds = [];
    private readonly List<MarketplaceSession> _sessions = [];

    public SampleBuilder(SampleGeneratorOptions options)
    {
        options.Validate();
        _options = options;
        _random = new Random(options.Seed);
    }

    public MarketplaceSample Build()
    {
        BuildUsers();
        BuildSellers();
        BuildItems();
        BuildFeeds();
        BuildSessions();
        return new MarketplaceSample(_options, _users, _userRecords, _sellers, _items, _feeds, _sessions);
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

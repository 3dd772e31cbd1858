using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Stores.Files;

namespace Ranking.Training.Marketplace;

/// <summary>
/// A sample folder's items and users by id, read as the embedded store reads them: what features are computed from
/// must be what <c>serve</c> loads, not the generator's in-memory records before their round trip through JSON.
/// </summary>
internal sealed record SampleRecords(Dictionary<string, ItemRecord> Items, Dictionary<string, UserRecord> Users)
{
    public static SampleRecords Read(string dataDir)
    {
        var items = new Dictionary<string, ItemRecord>(StringComparer.Ordinal);
        foreach (var item in RecordJsonl.ReadItems(Path.Combine(dataDir, SampleGenerator.ItemsFile)))
        {
            items[item.ItemId] = item;
        }

        var users = new Dictionary<string, UserRecord>(StringComparer.Ordinal);
        foreach (var user in RecordJsonl.ReadUsers(Path.Combine(dataDir, SampleGenerator.UsersFile)))
        {
            users[user.UserId] = user;
        }

        return new SampleRecords(items, users);
    }

    /// <summary>The context <c>RankHandler</c> builds for a request with the session's user, query, context and <c>time</c>.</summary>
    public FeatureContext ContextOf(MarketplaceSession session) => new()
    {
        User = Users.GetValueOrDefault(session.UserId),
        Query = session.Query,
        Context = session.Context,
        Now = session.Timestamp,
    };
}

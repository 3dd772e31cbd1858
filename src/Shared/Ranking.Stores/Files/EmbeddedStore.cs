using System.Collections.Frozen;
using Ranking.Core.Data;
using Ranking.Stores.Feeds;
using Ranking.Stores.Items;
using Ranking.Stores.Users;

namespace Ranking.Stores.Files;

/// <summary>
/// Items, users and feeds in memory, loaded from the JSONL files of a marketplace folder
/// (<c>items.jsonl</c>, <c>users.jsonl</c>, <c>feeds.jsonl</c>). Serves <c>ranking serve</c> and tests.
/// Items and users are read-only after load; feeds change under a lock per store.
/// </summary>
public sealed class EmbeddedStore : IItemStore, IUserStore, IFeedStore
{
    private readonly FrozenDictionary<string, ItemRecord> _items;
    private readonly FrozenDictionary<string, UserRecord> _users;
    private readonly Dictionary<(string UserId, string Surface), FeedRecord> _feeds;
    private readonly Lock _feedsLock = new();

    public EmbeddedStore(IEnumerable<ItemRecord> items, IEnumerable<UserRecord> users, IEnumerable<FeedRecord> feeds)
    {
        _items = items.ToFrozenDictionary(i => i.ItemId, StringComparer.Ordinal);
        _users = users.ToFrozenDictionary(u => u.UserId, StringComparer.Ordinal);
        _feeds = feeds.ToDictionary(f => (f.UserId, f.Surface));
    }

    public int ItemCount => _items.Count;
    public int UserCount => _users.Count;

    /// <exception cref="FileNotFoundException">The folder lacks one of the three files.</exception>
    /// <exception cref="FormatException">A line does not parse; the message names the file and line.</exception>
    public static EmbeddedStore Load(string directory)
    {
        string PathOf(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: the marketplace folder needs items.jsonl, users.jsonl and feeds.jsonl.", path);
        }

        return new EmbeddedStore(
            RecordJsonl.ReadItems(PathOf("items.jsonl")),
            RecordJsonl.ReadUsers(PathOf("users.jsonl")),
            RecordJsonl.ReadFeeds(PathOf("feeds.jsonl")));
    }

    public ValueTask<ItemRecord?[]> GetItemsAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        var found = new ItemRecord?[itemIds.Count];
        for (var i = 0; i < found.Length; i++)
        {
            found[i] = _items.GetValueOrDefault(itemIds[i]);
        }

        return ValueTask.FromResult(found);
    }

    public ValueTask<UserRecord?> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_users.GetValueOrDefault(userId));

    public ValueTask<FeedRecord?> GetFeedAsync(string userId, string surface, CancellationToken cancellationToken)
    {
        lock (_feedsLock)
        {
            return ValueTask.FromResult(_feeds.GetValueOrDefault((userId, surface)));
        }
    }

    public ValueTask<FeedRecord> PutCandidatesAsync(string userId, string surface, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        lock (_feedsLock)
        {
            var version = _feeds.TryGetValue((userId, surface), out var current) ? current.CandidatesVersion + 1 : 1;
            var feed = new FeedRecord { UserId = userId, Surface = surface, Candidates = [.. candidates], CandidatesVersion = version };
            _feeds[(userId, surface)] = feed;
            return ValueTask.FromResult(feed);
        }
    }

    public ValueTask<RankingWriteOutcome> WriteRankingAsync(FeedRecord ranked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        lock (_feedsLock)
        {
            if (!_feeds.TryGetValue((ranked.UserId, ranked.Surface), out var current) || current.CandidatesVersion != ranked.RankedFromVersion)
            {
                return ValueTask.FromResult(RankingWriteOutcome.Stale);
            }

            if (RankingPrecedence.IsSuperseded(current, ranked))
            {
                return ValueTask.FromResult(RankingWriteOutcome.Superseded);
            }

            _feeds[(ranked.UserId, ranked.Surface)] = ranked;
            return ValueTask.FromResult(RankingWriteOutcome.Written);
        }
    }
}

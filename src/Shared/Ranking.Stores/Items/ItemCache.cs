using System.Collections.Concurrent;
using Ranking.Core.Data;

namespace Ranking.Stores.Items;

/// <summary>
/// Items by id with an expiry each; a null record is a remembered miss. Holds the very instances it was given,
/// so a fresh hit returns the same <see cref="ItemRecord"/> and the feature plan's per-item values cached on it
/// stay valid. Safe for concurrent requests (<c>ranking serve</c>); a Lambda container sees one at a time.
/// </summary>
internal sealed class ItemCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ItemCacheOptions _options;
    private readonly TimeProvider _timeProvider;

    public ItemCache(ItemCacheOptions options, TimeProvider timeProvider)
    {
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
    }

    public int Count => _entries.Count;

    /// <returns>True on a fresh entry; <paramref name="item"/> is then the cached record or null for a remembered miss.</returns>
    public bool TryGet(string itemId, out ItemRecord? item)
    {
        if (_entries.TryGetValue(itemId, out var entry) && _timeProvider.GetUtcNow() < entry.ExpiresAt)
        {
            item = entry.Item;
            return true;
        }

        item = null;
        return false;
    }

    public void Set(string itemId, ItemRecord? item)
    {
        var ttl = item is null ? _options.MissTtl : _options.Ttl;
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= _options.MaxEntries && !_entries.ContainsKey(itemId))
        {
            MakeRoom();
        }

        var now = _timeProvider.GetUtcNow();
        _entries[itemId] = new Entry(item, now + ttl);
    }

    private void MakeRoom()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var (id, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(id, out _);
            }
        }

        if (_entries.Count >= _options.MaxEntries)
        {
            _entries.Clear();
        }
    }

    private readonly record struct Entry(ItemRecord? Item, DateTimeOffset ExpiresAt);
}

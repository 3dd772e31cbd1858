using Ranking.Core.Data;
using Ranking.Stores.Feeds;

namespace Ranking.Training.Marketplace;

internal sealed partial class SampleBuilder
{
    public const string FeedSurface = "feed";
    public const string SearchSurface = "search";

    /// <summary>
    /// Stored feed candidates as a retrieval stage would produce them from the user store: items from the user's
    /// observed categories and brands plus some of everything. Some go stale (sold, hidden) before they are shown.
    /// </summary>
    private void BuildFeeds()
    {
        var byCategory = new Dictionary<string, List<LatentItem>>(StringComparer.Ordinal);
        var byBrand = new Dictionary<string, List<LatentItem>>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            Bucket(byCategory, item.Record.Category).Add(item);
            Bucket(byBrand, item.Record.Brand).Add(item);
        }

        foreach (var user in _userRecords)
        {
            var chosen = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<string>(_options.FeedCandidates);
            var fromCategories = _options.FeedCandidates * 45 / 100;
            var fromBrands = _options.FeedCandidates * 25 / 100;
            for (var attempt = 0; candidates.Count < _options.FeedCandidates && attempt < _options.FeedCandidates * 20; attempt++)
            {
                var pool = candidates.Count < fromCategories ? Pick(user.CategoryAffinity, byCategory)
                    : candidates.Count < fromCategories + fromBrands ? Pick(user.BrandAffinity, byBrand)
                    : null;
                var item = pool is { Count: > 0 } ? pool[_random.Next(pool.Count)] : _items[_random.Next(_items.Count)];
                if (chosen.Add(item.Record.ItemId))
                {
                    candidates.Add(item.Record.ItemId);
                }
            }

            _feeds.Add(new FeedRecord { UserId = user.UserId, Surface = FeedSurface, Candidates = candidates, CandidatesVersion = 1 });
        }
    }

    private List<LatentItem>? Pick(Dictionary<string, double> affinity, Dictionary<string, List<LatentItem>> buckets)
    {
        if (affinity.Count == 0)
        {
            return null;
        }

        // Sorted keys: the draw must not depend on dictionary order.
        var keys = affinity.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var weights = new double[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            weights[k] = affinity[keys[k]];
        }

        return buckets.GetValueOrDefault(keys[_random.Weighted(weights)]);
    }

    private static List<LatentItem> Bucket(Dictionary<string, List<LatentItem>> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            list = [];
            buckets[key] = list;
        }

        return list;
    }
}

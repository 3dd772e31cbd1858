using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

/// <summary>
/// What a user's visit puts in front of them: the query a searching user types and the items search retrieves for it.
/// The sample's logged sessions and the closed-loop simulator's traffic draw them the same way.
/// </summary>
internal static class Shopping
{
    public static bool Showable(LatentItem item, DateTimeOffset at) =>
        item.Record.Status != ItemStatus.Hidden && item.Record.ListedAt <= at;

    public static SearchIntent Intent(Random random, LatentUser user)
    {
        // Users search for what they like, mostly: squared preferences sharpen the draw.
        var weights = new double[user.CategoryPreference.Length];
        for (var c = 0; c < weights.Length; c++)
        {
            weights[c] = user.CategoryPreference[c] * user.CategoryPreference[c];
        }

        var category = random.Weighted(weights);
        var brand = -1;
        if (random.Chance(0.45))
        {
            var brandWeights = new double[user.BrandPreference.Length];
            for (var b = 0; b < brandWeights.Length; b++)
            {
                var makes = Array.IndexOf(Catalog.Brands[b].Categories, Catalog.Categories[category].Name) >= 0;
                brandWeights[b] = makes ? user.BrandPreference[b] * user.BrandPreference[b] : 0;
            }

            brand = random.Weighted(brandWeights);
            if (brandWeights[brand] == 0)
            {
                brand = -1;
            }
        }

        var descriptor = random.Chance(0.35) ? Catalog.Descriptors[random.Next(Catalog.Descriptors.Count)] : null;
        var tokens = new List<string>(3);
        if (descriptor is not null)
        {
            tokens.Add(descriptor);
        }

        if (brand >= 0)
        {
            tokens.Add(Catalog.Brands[brand].Name);
        }

        tokens.Add(Catalog.Categories[category].Name);
        return new SearchIntent(category, brand, descriptor, string.Join(' ', tokens), [.. tokens]);
    }

    /// <summary>Partial text match (any query word in the title), the best 50 by match and popularity, plus a little noise.</summary>
    public static List<LatentItem> Retrieve(Random random, IReadOnlyList<LatentItem> items, SearchIntent intent, DateTimeOffset at)
    {
        var matches = new List<(double Score, LatentItem Item)>();
        foreach (var item in items)
        {
            var share = ClickModel.TokenShare(intent, item);
            if (share > 0 && Showable(item, at))
            {
                matches.Add(((2 * share) + (0.3 * Math.Log(1 + item.Likes)) + (0.5 * random.Gumbel()), item));
            }
        }

        matches.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Item.Record.ItemId, b.Item.Record.ItemId);
        });
        var retrieved = new List<LatentItem>(53);
        for (var k = 0; k < Math.Min(50, matches.Count); k++)
        {
            retrieved.Add(matches[k].Item);
        }

        for (var noise = 0; noise < 3; noise++)
        {
            var item = items[random.Next(items.Count)];
            if (Showable(item, at) && !retrieved.Contains(item))
            {
                retrieved.Add(item);
            }
        }

        return retrieved;
    }
}

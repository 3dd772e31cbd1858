using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

/// <summary>
/// What a user's visit puts in front of them (the query a searching user types, the items search retrieves for it)
/// and what they do with a ranking. The sample's logged sessions and the closed-loop simulator's traffic draw them the
/// same way.
/// </summary>
internal static class Shopping
{
    public static bool Showable(LatentItem item, DateTimeOffset at) =>
        item.Record.Status != ItemStatus.Hidden && item.Record.ListedAt <= at;

    /// <summary>
    /// Position k is examined with the position bias, an examined item clicked by its true relevance, a clicked one
    /// bought by its fit: clicks and purchases as 0-based positions in <paramref name="shown"/>.
    /// </summary>
    /// <param name="truth">Filled with each position's probabilities when given.</param>
    public static (List<int> Clicks, List<int> Purchases) React(Random random, LatentUser user, IReadOnlyList<LatentItem> shown, SearchIntent? intent, SessionTruth? truth = null)
    {
        var clicks = new List<int>();
        var purchases = new List<int>();
        for (var k = 0; k < shown.Count; k++)
        {
            // The probabilities are pure functions, computed for every position; only the draws below touch the
            // seeded sequence, in the order they always have, so the sample's files stay the same.
            var item = shown[k];
            var examination = ClickModel.Examination(k);
            var click = ClickModel.ClickProbability(user, item, intent);
            var purchase = ClickModel.PurchaseProbability(user, item);
            if (truth is not null)
            {
                (truth.Examination[k], truth.Click[k], truth.Purchase[k]) = (examination, click, purchase);
            }

            if (!random.Chance(examination) || !random.Chance(click))
            {
                continue;
            }

            clicks.Add(k);
            if (random.Chance(purchase))
            {
                purchases.Add(k);
            }
        }

        return (clicks, purchases);
    }

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

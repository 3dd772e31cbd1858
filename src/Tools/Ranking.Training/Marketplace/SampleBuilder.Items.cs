using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

internal sealed partial class SampleBuilder
{
    private void BuildSellers()
    {
        for (var s = 0; s < _options.Sellers; s++)
        {
            var rating = Round(Math.Clamp(_random.Normal(4.5, 0.35), 2.5, 5.0), 1);
            var joined = _options.ReferenceTime.AddDays(-30 - _random.Next(1800));
            _sellers.Add(new SellerRecord($"s_{s + 1}", rating, _random.Poisson(40 * Math.Exp(_random.Normal(0, 1))), joined));
        }
    }

    private void BuildItems()
    {
        // A few power sellers list most items, as on real marketplaces.
        var sellerWeights = new double[_sellers.Count];
        for (var s = 0; s < sellerWeights.Length; s++)
        {
            sellerWeights[s] = 1.0 / (s + 3);
        }

        var brandWeights = new double[Catalog.Brands.Count];
        for (var b = 0; b < brandWeights.Length; b++)
        {
            brandWeights[b] = Catalog.Brands[b].Popularity;
        }

        for (var i = 0; i < _options.Items; i++)
        {
            _items.Add(NewItem($"i_{i + 1}", _random.Weighted(brandWeights), _sellers[_random.Weighted(sellerWeights)]));
        }
    }

    private LatentItem NewItem(string itemId, int brandIndex, SellerRecord seller)
    {
        var brand = Catalog.Brands[brandIndex];
        var category = Catalog.Categories[Catalog.CategoryIndex(brand.Categories[_random.Next(brand.Categories.Length)])];
        var sizes = category.Sizes.Sizes;
        var size = sizes[Math.Clamp((int)Math.Round(_random.Normal((sizes.Length - 1) / 2.0, sizes.Length / 4.0)), 0, sizes.Length - 1)];
        var quality = _random.Normal();
        var price = Math.Max(3, Math.Round(category.MedianPrice * brand.PriceFactor * Math.Exp(_random.Normal(0.1 * quality, category.PriceSigma))));
        var ageDays = _random.Uniform(0, 90);
        var listedAt = _options.ReferenceTime.AddSeconds(-Math.Round(ageDays * 86400));

        // Exposure grows with age and brand pull; likes follow quality, so they are a fair but noisy popularity signal.
        var views = Math.Round(Math.Exp(2.6 + (0.8 * Math.Log(1 + ageDays)) + (0.25 * Math.Log(brand.Popularity)) + (0.3 * quality) + _random.Normal(0, 0.5)));
        var likeRate = Sampling.Sigmoid(-3.0 + (0.7 * quality) + _random.Normal(0, 0.5));
        var likes = Math.Round(views * likeRate);
        var soldChance = Sampling.Sigmoid(-2.6 + (0.5 * quality) + (ageDays / 60));
        var status = _random.Chance(soldChance) ? ItemStatus.Sold : _random.Chance(0.04) ? ItemStatus.Hidden : ItemStatus.Active;

        var words = new List<string>();
        if (_random.Chance(0.7))
        {
            words.Add(Catalog.Descriptors[_random.Next(Catalog.Descriptors.Count)]);
        }

        if (_random.Chance(0.3))
        {
            var second = Catalog.Descriptors[_random.Next(Catalog.Descriptors.Count)];
            if (!words.Contains(second))
            {
                words.Add(second);
            }
        }

        words.Add(brand.Name);
        if (brand.Name == "levis" && category.Name == "jeans" && _random.Chance(0.6))
        {
            words.Add("501");
        }

        words.Add(category.Name);
        var record = new ItemRecord
        {
            ItemId = itemId,
            SellerId = seller.SellerId,
            Status = status,
            Title = string.Join(' ', words),
            Brand = brand.Name,
            Category = category.Name,
            Size = size,
            Price = price,
            ListedAt = listedAt,
        };
        record.Numbers["likes"] = likes;
        record.Numbers["views"] = views;
        record.Numbers["seller_rating"] = seller.Rating;
        return new LatentItem
        {
            Record = record,
            Brand = brandIndex,
            Category = Catalog.CategoryIndex(category.Name),
            Quality = quality,
            SellerRating = seller.Rating,
            Tokens = [.. words],
        };
    }
}

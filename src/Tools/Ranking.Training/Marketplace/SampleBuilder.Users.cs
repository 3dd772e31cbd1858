using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

internal sealed partial class SampleBuilder
{
    private void BuildUsers()
    {
        for (var u = 0; u < _options.Users; u++)
        {
            var user = NewLatentUser($"u_{u + 1}");
            _users.Add(user);
            _userRecords.Add(Observe(user));
        }
    }

    private LatentUser NewLatentUser(string userId)
    {
        var womenswear = _random.Chance(0.55);
        var priceLevel = _random.Normal(0, 0.45);

        // Favourite brands lean towards the user's price level: luxury shoppers like luxury brands.
        var brands = new double[Catalog.Brands.Count];
        var brandWeights = new double[brands.Length];
        for (var b = 0; b < brands.Length; b++)
        {
            brands[b] = _random.Uniform(0, 0.12);
            var info = Catalog.Brands[b];
            brandWeights[b] = info.Popularity * Math.Exp(-1.5 * Math.Abs(Math.Log(info.PriceFactor) - priceLevel));
        }

        var favourites = 2 + _random.Next(4);
        for (var f = 0; f < favourites; f++)
        {
            brands[_random.Weighted(brandWeights)] = _random.Uniform(0.55, 1.0);
        }

        var categories = new double[Catalog.Categories.Count];
        var categoryWeights = new double[categories.Length];
        for (var c = 0; c < categories.Length; c++)
        {
            categories[c] = _random.Uniform(0, 0.15);
            var info = Catalog.Categories[c];
            categoryWeights[c] = (womenswear ? info.Womenswear : info.Menswear) ? 1.0 : 0.12;
        }

        var liked = 2 + _random.Next(3);
        for (var f = 0; f < liked; f++)
        {
            categories[_random.Weighted(categoryWeights)] = _random.Uniform(0.5, 1.0);
        }

        var sizes = new int[SizeSystem.All.Count];
        for (var s = 0; s < sizes.Length; s++)
        {
            var count = SizeSystem.All[s].Sizes.Length;
            // Womenswear sizes sit lower in every scheme; a normal around the middle gives realistic spreads.
            var centre = ((count - 1) / 2.0) + (womenswear ? -0.8 : 0.8) * (count / 6.0);
            sizes[s] = Math.Clamp((int)Math.Round(_random.Normal(centre, count / 5.0)), 0, count - 1);
        }

        return new LatentUser
        {
            UserId = userId,
            BrandPreference = brands,
            CategoryPreference = categories,
            SizeIndex = sizes,
            PriceLevel = priceLevel,
            ClickBias = _random.Normal(0, 0.35),
            Activity = Math.Exp(_random.Normal(0, 0.7)),
            Platform = Catalog.Platforms[_random.Weighted([0.5, 0.35, 0.15])],
        };
    }

    /// <summary>
    /// What the user store knows: affinities as a recommender would estimate them from past orders and likes,
    /// so a noisy, partial view of the latent tastes that is sparser for users with little history.
    /// </summary>
    private UserRecord Observe(LatentUser user)
    {
        var orders = _random.Poisson(4.0 * user.Activity);
        var coverage = 0.35 + (0.6 * (1 - Math.Exp(-orders / 4.0)));
        var record = new UserRecord { UserId = user.UserId };
        record.Numbers["orders"] = orders;
        record.Numbers["sessions_30d"] = _random.Poisson(12 * user.Activity);
        record.Numbers["tenure_days"] = 30 + _random.Next(1500);
        if (orders > 0)
        {
            // What they paid on average, relative to a mid-priced category, with the noise of a few orders.
            record.Numbers["avg_price"] = Round(35 * Math.Exp(user.PriceLevel + _random.Normal(0, 0.5 / Math.Sqrt(orders))), 2);
        }

        for (var b = 0; b < user.BrandPreference.Length; b++)
        {
            var truth = user.BrandPreference[b];
            if (truth > 0.4 ? _random.Chance(coverage) : _random.Chance(0.04))
            {
                record.BrandAffinity[Catalog.Brands[b].Name] = Round(Sampling.Clamp01(truth + _random.Normal(0, 0.2)) * 0.9 + 0.05, 3);
            }
        }

        for (var c = 0; c < user.CategoryPreference.Length; c++)
        {
            var truth = user.CategoryPreference[c];
            if (truth > 0.4 ? _random.Chance(coverage + 0.1) : _random.Chance(0.08))
            {
                record.CategoryAffinity[Catalog.Categories[c].Name] = Round(Sampling.Clamp01(truth + _random.Normal(0, 0.2)) * 0.9 + 0.05, 3);
            }
        }

        for (var s = 0; s < SizeSystem.All.Count; s++)
        {
            var system = SizeSystem.All[s];
            if (system.Sizes.Length == 1 || !_random.Chance(coverage))
            {
                continue;
            }

            // Mostly the right size, sometimes a neighbour (a gift, a brand that runs small).
            var index = user.SizeIndex[s];
            if (_random.Chance(0.15))
            {
                index = Math.Clamp(index + (_random.Chance(0.5) ? 1 : -1), 0, system.Sizes.Length - 1);
            }

            record.SizeAffinity[system.Sizes[index]] = Round(_random.Uniform(0.6, 1.0), 3);
        }

        return record;
    }
}

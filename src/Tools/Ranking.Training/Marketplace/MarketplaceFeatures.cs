using Ranking.Core.Features;

namespace Ranking.Training.Marketplace;

/// <summary>
/// The default feature lists of the marketplace models. Every value comes from a store or the request, never from
/// the caller's candidates, because the feed re-rank has no caller-supplied features to give. Position is left out
/// on purpose: it is the legacy ranker's output, not something known when ranking.
/// </summary>
internal static class MarketplaceFeatures
{
    public const string Feed = "feed";
    public const string Search = "search";

    /// <summary>The features of <paramref name="surface"/> (<c>feed</c> or <c>search</c>), in column order.</summary>
    public static IReadOnlyList<FeatureSpec> For(string surface) => surface switch
    {
        Feed => Common(),
        Search => [.. Common(), new FeatureSpec { Name = "text_match", Source = FeatureSource.TextMatch }],
        _ => throw new ArgumentException($"Unknown surface '{surface}': expected '{Feed}' or '{Search}'.", nameof(surface)),
    };

    private static List<FeatureSpec> Common() =>
    [
        new() { Name = "price", Source = FeatureSource.Item, Field = "price", Transform = "log1p" },
        new() { Name = "likes", Source = FeatureSource.Item, Field = "likes", Transform = "log1p" },
        new() { Name = "views", Source = FeatureSource.Item, Field = "views", Transform = "log1p" },
        new() { Name = "seller_rating", Source = FeatureSource.Item, Field = "seller_rating", Default = 4.5 },
        new() { Name = "item_age_days", Source = FeatureSource.ItemAge, Default = 30 },
        new() { Name = "brand_affinity", Source = FeatureSource.Affinity, Field = "brand" },
        new() { Name = "category_affinity", Source = FeatureSource.Affinity, Field = "category" },
        new() { Name = "size_affinity", Source = FeatureSource.Affinity, Field = "size" },
        // Price fit needs the user's price level next to the item's price; the trees learn the interaction.
        new() { Name = "user_avg_price", Source = FeatureSource.User, Field = "avg_price", Transform = "log1p" },
        new() { Name = "user_orders", Source = FeatureSource.User, Field = "orders", Transform = "log1p" },
        new() { Name = "platform_ios", Source = FeatureSource.OneHot, Field = "context.platform", Value = "ios" },
        new() { Name = "platform_android", Source = FeatureSource.OneHot, Field = "context.platform", Value = "android" },
        new() { Name = "category_sneakers", Source = FeatureSource.OneHot, Field = "item.category", Value = "sneakers" },
        new() { Name = "category_dress", Source = FeatureSource.OneHot, Field = "item.category", Value = "dress" },
    ];
}

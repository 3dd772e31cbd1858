namespace Ranking.Training.Marketplace;

/// <summary>
/// The fixed vocabulary of the synthetic marketplace. Brand and category names are single lower-case words so that
/// they are tokens of the titles and queries, which is what text matching works on.
/// </summary>
internal static class Catalog
{
    public static IReadOnlyList<CategoryInfo> Categories { get; } =
    [
        new("jeans", 32, 0.45, SizeSystem.Waist, true, true),
        new("dress", 30, 0.55, SizeSystem.Clothing, true, false),
        new("jacket", 55, 0.55, SizeSystem.Clothing, true, true),
        new("coat", 70, 0.50, SizeSystem.Clothing, true, true),
        new("sweater", 28, 0.45, SizeSystem.Clothing, true, true),
        new("tshirt", 12, 0.45, SizeSystem.Clothing, true, true),
        new("shirt", 20, 0.45, SizeSystem.Clothing, false, true),
        new("skirt", 22, 0.45, SizeSystem.Clothing, true, false),
        new("hoodie", 30, 0.45, SizeSystem.Clothing, false, true),
        new("sneakers", 50, 0.50, SizeSystem.Shoes, true, true),
        new("boots", 60, 0.50, SizeSystem.Shoes, true, true),
        new("bag", 45, 0.80, SizeSystem.OneSize, true, false),
    ];

    public static IReadOnlyList<BrandInfo> Brands { get; } =
    [
        new("levis", 1.0, 3.0, ["jeans", "jacket", "tshirt", "shirt"]),
        new("zara", 0.8, 3.5, ["dress", "jacket", "coat", "sweater", "tshirt", "skirt", "boots", "bag", "jeans"]),
        new("hm", 0.5, 3.0, ["dress", "sweater", "tshirt", "shirt", "skirt", "hoodie", "jeans"]),
        new("nike", 1.1, 3.0, ["sneakers", "hoodie", "tshirt", "jacket"]),
        new("adidas", 1.0, 2.5, ["sneakers", "hoodie", "tshirt", "jacket"]),
        new("uniqlo", 0.7, 2.0, ["sweater", "tshirt", "shirt", "coat", "jacket"]),
        new("patagonia", 1.6, 1.2, ["jacket", "coat", "sweater", "hoodie"]),
        new("carhartt", 1.2, 1.5, ["jacket", "hoodie", "tshirt", "jeans"]),
        new("ralphlauren", 1.3, 1.5, ["shirt", "sweater", "jacket"]),
        new("tommy", 1.1, 1.2, ["shirt", "sweater", "jacket", "jeans"]),
        new("mango", 0.8, 1.8, ["dress", "skirt", "coat", "jacket", "bag"]),
        new("cos", 1.2, 1.2, ["dress", "sweater", "coat", "shirt", "skirt"]),
        new("arket", 1.2, 0.8, ["sweater", "coat", "dress", "shirt"]),
        new("gucci", 6.0, 0.5, ["bag", "sneakers", "jacket", "dress"]),
        new("prada", 6.0, 0.4, ["bag", "boots", "coat"]),
        new("converse", 0.8, 1.5, ["sneakers"]),
        new("drmartens", 1.5, 1.2, ["boots"]),
        new("northface", 1.5, 1.5, ["jacket", "coat", "hoodie"]),
        new("stussy", 1.3, 0.8, ["hoodie", "tshirt", "jacket"]),
        new("acne", 3.0, 0.6, ["jeans", "sweater", "coat", "dress"]),
        new("newbalance", 1.1, 1.2, ["sneakers"]),
        new("vans", 0.8, 1.2, ["sneakers", "hoodie", "tshirt"]),
        new("reformation", 2.0, 0.6, ["dress", "skirt", "jeans"]),
        new("ganni", 2.0, 0.6, ["dress", "skirt", "sweater", "boots"]),
        new("weekday", 0.8, 0.8, ["jeans", "tshirt", "skirt", "hoodie"]),
    ];

    /// <summary>Words that describe a listing; titles and queries draw from them.</summary>
    public static IReadOnlyList<string> Descriptors { get; } =
    [
        "vintage", "oversized", "cropped", "slim", "relaxed", "leather", "denim", "wool", "cotton", "linen",
        "black", "white", "blue", "navy", "grey", "beige", "red", "green", "striped", "floral",
        "y2k", "90s", "retro", "classic", "cargo", "puffer", "knit", "mini", "midi", "chunky",
    ];

    public static IReadOnlyList<string> Platforms { get; } = ["ios", "android", "web"];

    public static int CategoryIndex(string name)
    {
        for (var i = 0; i < Categories.Count; i++)
        {
            if (Categories[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown category '{name}'", nameof(name));
    }
}

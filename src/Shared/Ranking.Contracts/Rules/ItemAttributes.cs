namespace Ranking.Contracts.Rules;

/// <summary>
/// The item attributes a rule can name. The text ones compare case-insensitively; <see cref="AgeDays"/> is the
/// listing's age at the request's as-of time; any other name is one of the item's numbers (<c>likes</c>, <c>promoted</c>).
/// </summary>
public static class ItemAttributes
{
    public const string SellerId = "sellerId";
    public const string Brand = "brand";
    public const string Category = "category";
    public const string Size = "size";
    public const string Status = "status";
    public const string Price = "price";
    public const string AgeDays = "ageDays";

    /// <summary>The attributes a diversity cap can group by.</summary>
    public static IReadOnlyList<string> Groupable { get; } = [SellerId, Brand, Category, Size];

    public static bool IsText(string attribute) => attribute is SellerId or Brand or Category or Size or Status;
}

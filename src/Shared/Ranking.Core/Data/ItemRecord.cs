namespace Ranking.Core.Data;

/// <summary>
/// An item (listing) as the feature store holds it. Treat it as immutable once built: feature plans cache the
/// values that depend on the item alone on the record itself.
/// </summary>
public sealed class ItemRecord
{
    public required string ItemId { get; init; }
    public string SellerId { get; init; } = "";
    /// <summary><c>active</c>, <c>sold</c> or <c>hidden</c>; only active items are ranked.</summary>
    public string Status { get; init; } = ItemStatus.Active;
    public string Title { get; init; } = "";
    public string Brand { get; init; } = "";
    public string Category { get; init; } = "";
    public string Size { get; init; } = "";
    public double Price { get; init; }
    public DateTimeOffset? ListedAt { get; init; }
    /// <summary>Other numeric attributes (likes, views, ...), by name.</summary>
    public Dictionary<string, double> Numbers { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Item-only feature values per plan that read this item (see <see cref="Features.FeaturePlan"/>).</summary>
    internal Features.ItemFeatureCache? FeatureCache { get; set; }
}

using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

/// <summary>An item with what the generator knows beyond its record: indices into the catalogue and its hidden quality.</summary>
internal sealed class LatentItem
{
    public required ItemRecord Record { get; init; }
    public required int Brand { get; init; }
    public required int Category { get; init; }
    /// <summary>Standard normal appeal (photos, condition) that drives likes, views and clicks.</summary>
    public required double Quality { get; init; }
    public required double SellerRating { get; init; }
    /// <summary>The title's words in lower case, for retrieval by query.</summary>
    public required string[] Tokens { get; init; }
    public double Likes => Record.Numbers["likes"];
}

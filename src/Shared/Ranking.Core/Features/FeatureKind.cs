namespace Ranking.Core.Features;

/// <summary>A feature source resolved to the one lookup it needs, so filling a row is a switch, not a parse.</summary>
internal enum FeatureKind
{
    CandidateNumber,
    ItemPrice,
    ItemNumber,
    ItemAge,
    UserNumber,
    ContextNumber,
    BrandAffinity,
    CategoryAffinity,
    SizeAffinity,
    TextMatch,
    OneHotItemBrand,
    OneHotItemCategory,
    OneHotItemSize,
    OneHotItemStatus,
    OneHotItemSeller,
    OneHotContext,
}

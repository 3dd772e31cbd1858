namespace Ranking.Core.Features;

/// <summary>One column of a <see cref="FeaturePlan"/>: the lookup, its key and its (already transformed) default.</summary>
internal readonly record struct CompiledFeature(FeatureKind Kind, string Key, string? Value, float Default, bool Log1p)
{
    /// <summary>Features that do not depend on the candidate are computed once per request.</summary>
    public bool PerRequest => Kind is FeatureKind.UserNumber or FeatureKind.ContextNumber or FeatureKind.OneHotContext;

    /// <summary>Features of the item alone: the same for every request, so cached per item.</summary>
    public bool ItemOnly => Kind is FeatureKind.ItemPrice or FeatureKind.ItemNumber or FeatureKind.OneHotItemBrand
        or FeatureKind.OneHotItemCategory or FeatureKind.OneHotItemSize or FeatureKind.OneHotItemStatus or FeatureKind.OneHotItemSeller;

    /// <remarks>
    /// A finite double can still overflow a float (a caller's 1e39): it is clamped to the float range, which keeps
    /// its order for the trees and keeps every value writable as JSON.
    /// </remarks>
    public float Apply(double value) => Log1p ? SignedLog1p(value) : (float)Math.Clamp(value, float.MinValue, float.MaxValue);

    /// <summary>
    /// ln(1 + |x|) with the sign of x: the usual log1p for the non-negative counters and prices it is meant
    /// for, and still finite if a negative value ever arrives.
    /// </summary>
    public static float SignedLog1p(double value) => (float)(Math.Sign(value) * Math.Log(1 + Math.Abs(value)));
}

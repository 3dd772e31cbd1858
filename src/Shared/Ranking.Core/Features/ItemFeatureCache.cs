namespace Ranking.Core.Features;

/// <summary>
/// The values of a plan's item-only columns (price, counters, item one-hots) for one item, transform applied,
/// NaN where the item lacks the attribute. They do not depend on the request, so each item computes them once
/// per plan instead of once per request: dictionary lookups and logarithms leave the hot path.
/// </summary>
internal sealed class ItemFeatureCache(FeaturePlan plan, float[] values)
{
    public FeaturePlan Plan { get; } = plan;
    public float[] Values { get; } = values;
}

namespace Ranking.Core.Features;

/// <summary>
/// The values of a plan's item-only columns (price, counters, item one-hots) for one item, transform applied,
/// NaN where the item lacks the attribute. They do not depend on the request, so each item computes them once
/// per plan instead of once per request: dictionary lookups and logarithms leave the hot path.
/// </summary>
/// <remarks>
/// An immutable list, newest plan first, of at most <see cref="MaxPlans"/> entries: a host serves several
/// surfaces (one plan each) from one item store, and a hot-swapped model's old plan must not stay reachable
/// from every item forever.
/// </remarks>
internal sealed class ItemFeatureCache
{
    public const int MaxPlans = 4;

    private ItemFeatureCache(FeaturePlan plan, float[] values, ItemFeatureCache? next)
    {
        Plan = plan;
        Values = values;
        Next = next;
    }

    public FeaturePlan Plan { get; }
    public float[] Values { get; }
    public ItemFeatureCache? Next { get; }

    public float[]? Find(FeaturePlan plan)
    {
        for (var node = this; node is not null; node = node.Next)
        {
            if (ReferenceEquals(node.Plan, plan))
            {
                return node.Values;
            }
        }

        return null;
    }

    /// <summary>
    /// A list with <paramref name="plan"/>'s values first and the oldest entries beyond the cap dropped. Below the
    /// cap the rest is shared as it is (its nodes never change); only a full list is copied to drop its last node.
    /// </summary>
    public static ItemFeatureCache Prepend(FeaturePlan plan, float[] values, ItemFeatureCache? rest) =>
        new(plan, values, Length(rest) < MaxPlans ? rest : Take(rest, MaxPlans - 1));

    private static int Length(ItemFeatureCache? node)
    {
        var length = 0;
        for (; node is not null; node = node.Next)
        {
            length++;
        }

        return length;
    }

    private static ItemFeatureCache? Take(ItemFeatureCache? node, int count) =>
        node is null || count == 0 ? null : new ItemFeatureCache(node.Plan, node.Values, Take(node.Next, count - 1));
}

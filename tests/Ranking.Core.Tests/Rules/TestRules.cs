using Ranking.Contracts.Rules;
using Ranking.Core.Rules;

namespace Ranking.Core.Tests.Rules;

/// <summary>Rules built as a configuration would build them, in one line each.</summary>
internal static class TestRules
{
    /// <summary>No diversity cap: scores alone decide the order.</summary>
    public static SurfaceRules Plain { get; } = new(new SurfaceRulesSettings { Diversity = [] });

    public static SurfaceRules Sellers(int max, int window, params BoostRule[] boosts) =>
        new(new SurfaceRulesSettings { Diversity = [new DiversityCap(ItemAttributes.SellerId, max, window)], Boosts = boosts });

    public static SurfaceRules Boosts(params BoostRule[] boosts) => new(new SurfaceRulesSettings { Diversity = [], Boosts = boosts });

    /// <summary>Adds <paramref name="add"/> to items whose text <paramref name="attribute"/> is <paramref name="value"/>, named after the value.</summary>
    public static BoostRule Boost(string attribute, string value, float add) =>
        new(value, new ItemMatch { Attribute = attribute, Values = [value] }, add);
}

using Ranking.Core.Rules;

namespace Ranking.Core.Ranking;

/// <summary>What each business rule did to one ranking, for metrics: the arrays run parallel to the surface's rules.</summary>
public sealed class RuleCounts
{
    internal RuleCounts(SurfaceRules rules)
    {
        Rules = rules;
        Filtered = rules.FilterConditions.Length == 0 ? [] : new int[rules.FilterConditions.Length];
        Boosted = rules.BoostConditions.Length == 0 ? [] : new int[rules.BoostConditions.Length];
        Demoted = rules.Caps.Length == 0 ? [] : new int[rules.Caps.Length];
    }

    public SurfaceRules Rules { get; }

    public int Duplicates { get; internal set; }

    public int Inactive { get; internal set; }

    /// <summary>Candidates the request excluded by id.</summary>
    public int Excluded { get; internal set; }

    /// <summary>Items moved to a position the request pinned.</summary>
    public int Pinned { get; internal set; }

    /// <summary>Per filter of <see cref="Contracts.Rules.SurfaceRulesSettings.Filters"/>, the items it removed.</summary>
    public int[] Filtered { get; }

    /// <summary>Per boost, the ranked items whose score it changed.</summary>
    public int[] Boosted { get; }

    /// <summary>Per diversity cap, the items it held back from their score's position.</summary>
    public int[] Demoted { get; }
}

using System.Globalization;
using Ranking.Contracts.Rules;

namespace Ranking.Cli.Serve;

/// <summary>One line per surface at start-up, so whoever started serve sees which rules it applies.</summary>
internal static class RulesSummary
{
    public static string Describe(SurfaceRulesSettings rules)
    {
        var parts = new List<string> { rules.DropInactive ? "inactive items dropped" : "inactive items kept" };
        parts.Add(rules.Diversity.Count == 0
            ? "no diversity caps"
            : string.Join(", ", rules.Diversity.Select(c => $"at most {c.Max} per {c.Attribute} in the top {c.Window}")));
        if (rules.Boosts.Count > 0)
        {
            parts.Add("boosts " + string.Join(", ", rules.Boosts.Select(b => $"{b.Name} ({b.Add.ToString("+0.###;-0.###", CultureInfo.InvariantCulture)})")));
        }

        if (rules.Filters.Count > 0)
        {
            parts.Add("filters " + string.Join(", ", rules.Filters.Select(f => f.Name)));
        }

        return string.Join("; ", parts);
    }
}

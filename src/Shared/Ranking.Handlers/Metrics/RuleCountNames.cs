using Ranking.Contracts;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Metrics;

/// <summary>
/// One naming of <see cref="RuleCounts"/> for every metrics sink, as the functions' EMF metrics are named
/// (<c>Removed_duplicate</c>, <c>Removed_filter_&lt;name&gt;</c>, <c>Boosted_&lt;name&gt;</c>, <c>Demoted_sellerId</c>, <c>Pinned</c>); only what is non-zero.
/// </summary>
public static class RuleCountNames
{
    public static void Each(RuleCounts counts, Action<string, int> write)
    {
        Write(write, MetricNames.RemovedPrefix + "duplicate", counts.Duplicates);
        Write(write, MetricNames.RemovedPrefix + "inactive", counts.Inactive);
        Write(write, MetricNames.RemovedPrefix + "excluded", counts.Excluded);
        Write(write, MetricNames.Pinned, counts.Pinned);
        var settings = counts.Rules.Settings;
        for (var i = 0; i < counts.Filtered.Length; i++)
        {
            Write(write, MetricNames.RemovedPrefix + "filter_" + settings.Filters[i].Name, counts.Filtered[i]);
        }

        for (var i = 0; i < counts.Boosted.Length; i++)
        {
            Write(write, MetricNames.BoostedPrefix + settings.Boosts[i].Name, counts.Boosted[i]);
        }

        for (var i = 0; i < counts.Demoted.Length; i++)
        {
            Write(write, MetricNames.DemotedPrefix + settings.Diversity[i].Attribute, counts.Demoted[i]);
        }
    }

    private static void Write(Action<string, int> write, string name, int count)
    {
        if (count > 0)
        {
            write(name, count);
        }
    }
}

using Ranking.Contracts;
using Ranking.Infra.Observability;

namespace Ranking.Infra.Tests.Observability;

/// <summary>
/// The functions write each metric with one dimension set (<see cref="MetricNames.IsPerSurface"/>); an alarm or a
/// chart that names the other set watches a series that never exists, so building one fails the synth.
/// </summary>
public sealed class RankingMetricsTests
{
    [Theory]
    [InlineData(MetricNames.ModelsRejected)]
    [InlineData(MetricNames.FeedsMalformed)]
    [InlineData(MetricNames.ColdStart)]
    public void PerSurface_OfAFunctionLevelMetric_Throws_NamingIt(string metric)
    {
        var error = Assert.Throws<ArgumentException>(() => RankingMetrics.PerSurface(metric, Synth.Default.Stack.Functions.Rank, "feed", "Sum"));
        Assert.Contains(metric, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MetricNames.RankLatency)]
    [InlineData(MetricNames.FeedsFailed)]
    [InlineData("Fallback_deadline")]
    public void PerFunction_OfAPerSurfaceMetric_Throws_NamingIt(string metric)
    {
        var error = Assert.Throws<ArgumentException>(() => RankingMetrics.PerFunction(metric, Synth.Default.Stack.Functions.Rank, "Sum"));
        Assert.Contains(metric, error.Message, StringComparison.Ordinal);
    }
}

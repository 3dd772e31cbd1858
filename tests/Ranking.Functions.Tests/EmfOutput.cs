using System.Text.Json;
using Ranking.Contracts;

namespace Ranking.Functions.Tests;

/// <summary>
/// What a published function wrote as EMF, read back from its stdout. Each metric must sit on a line with the
/// dimension set the contract gives it (<see cref="MetricNames.IsPerSurface"/>), the set the CDK app's alarms name.
/// </summary>
internal static class EmfOutput
{
    /// <summary>Asserts that <paramref name="metric"/> was written, and that every metric written so far has its contract's dimensions.</summary>
    public static void AssertWritten(IEnumerable<string> output, string metric)
    {
        var written = Metrics(output).ToList();
        Assert.Contains(written, w => w.Name == metric);
        Assert.All(written, w => Assert.Equal(
            MetricNames.IsPerSurface(w.Name) ? [MetricNames.FunctionDimension, MetricNames.SurfaceDimension] : [MetricNames.FunctionDimension],
            w.Dimensions));
    }

    private static IEnumerable<(string Name, string[] Dimensions)> Metrics(IEnumerable<string> output)
    {
        foreach (var line in output.Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)))
        {
            var directive = JsonDocument.Parse(line).RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            string[] dimensions = [.. Assert.Single(directive.GetProperty("Dimensions").EnumerateArray()).EnumerateArray().Select(d => d.GetString()!)];
            foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            {
                yield return (metric.GetProperty("Name").GetString()!, dimensions);
            }
        }
    }
}

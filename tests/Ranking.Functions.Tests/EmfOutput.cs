using System.Text.Json;
using Ranking.Contracts;
using Ranking.Testing.Functions;

namespace Ranking.Functions.Tests;

/// <summary>
/// What a published function wrote as EMF, read back from its stdout. Each metric must sit on a line with the
/// dimension set the contract gives it (<see cref="MetricNames.IsPerSurface"/>), the set the CDK app's alarms name.
/// </summary>
internal static class EmfOutput
{
    /// <summary>Waits for <paramref name="metric"/> to be written, then asserts that every metric written so far has its contract's dimensions.</summary>
    public static async Task AssertWrittenAsync(FunctionProcess process, string metric)
    {
        await process.WaitForLineAsync(l => Metrics([l]).Any(w => w.Name == metric));
        Assert.All(Metrics(process.Output), w => Assert.Equal(
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

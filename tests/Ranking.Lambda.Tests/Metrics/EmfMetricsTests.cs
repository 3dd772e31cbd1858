using System.Text.Json;
using Ranking.Lambda.Metrics;
using Ranking.Testing.Output;
using Ranking.Testing.Seams;

namespace Ranking.Lambda.Tests.Metrics;

/// <summary>EMF output checked against the CloudWatch Embedded Metric Format specification.</summary>
public sealed class EmfMetricsTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly LogCapture _output = new();

    // The names an application would pass: the writer itself knows none.
    private static readonly EmfOptions s_options = new()
    {
        Namespace = "Ranking",
        FunctionDimension = "Function",
        FunctionName = "rank-fn",
        ScopeDimension = "Surface",
        ColdStartMetric = "ColdStart",
    };

    private EmfMetrics NewMetrics() => new(s_options, _output, new FixedTimeProvider(s_now));

    /// <summary>A metrics instance whose cold-start line is already out, so tests see only what they record.</summary>
    private EmfMetrics WarmMetrics()
    {
        var metrics = NewMetrics();
        metrics.Flush();
        return metrics;
    }

    private JsonElement[] LinesAfter(int skip) => _output.JsonLines().Skip(skip).ToArray();

    private static JsonElement Directive(JsonElement line) => line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];

    private static string[][] Dimensions(JsonElement line) =>
        Directive(line).GetProperty("Dimensions").EnumerateArray().Select(set => set.EnumerateArray().Select(d => d.GetString()!).ToArray()).ToArray();

    private static string[] MetricNames(JsonElement line) =>
        Directive(line).GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!).ToArray();

    [Fact]
    public void Flush_SurfaceMetric_WritesSpecShapedLineWithFunctionAndSurfaceDimensions()
    {
        var metrics = WarmMetrics();

        metrics.Record("Latency", 12.5, EmfUnit.Milliseconds, scope: "feed");
        metrics.Flush();

        var line = Assert.Single(LinesAfter(1));
        var aws = line.GetProperty("_aws");
        Assert.Equal(s_now.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        Assert.Equal("Ranking", Directive(line).GetProperty("Namespace").GetString());
        Assert.Equal([["Function", "Surface"]], Dimensions(line));
        var definition = Assert.Single(Directive(line).GetProperty("Metrics").EnumerateArray());
        Assert.Equal("Latency", definition.GetProperty("Name").GetString());
        Assert.Equal("Milliseconds", definition.GetProperty("Unit").GetString());
        Assert.Equal("rank-fn", line.GetProperty("Function").GetString());
        Assert.Equal("feed", line.GetProperty("Surface").GetString());
        Assert.Equal(12.5, line.GetProperty("Latency").GetDouble());
    }

    [Fact]
    public void Flush_FunctionLevelAndSurfaceMetrics_WritesOneLinePerDimensionGroup()
    {
        var metrics = WarmMetrics();

        metrics.Record("Candidates", 300, EmfUnit.Count, scope: "search");
        metrics.Record("Invocations", 1, EmfUnit.Count);
        metrics.Record("Candidates", 200, EmfUnit.Count, scope: "feed");
        metrics.Flush();

        var lines = LinesAfter(1);
        Assert.Equal(3, lines.Length);
        Assert.Equal([["Function"]], Dimensions(lines[0]));
        Assert.False(lines[0].TryGetProperty("Surface", out _));
        Assert.Equal(["search", "feed"], lines.Skip(1).Select(l => l.GetProperty("Surface").GetString()));
    }

    [Fact]
    public void Flush_MetricRecordedSeveralTimes_WritesAnArrayOfValues()
    {
        var metrics = WarmMetrics();

        metrics.Record("StoreLatency", 1.5, EmfUnit.Milliseconds);
        metrics.Record("StoreLatency", 2.25, EmfUnit.Milliseconds);
        metrics.Record("StoreLatency", 3, EmfUnit.Milliseconds);
        metrics.Flush();

        var line = Assert.Single(LinesAfter(1));
        Assert.Equal([1.5, 2.25, 3.0], line.GetProperty("StoreLatency").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["StoreLatency"], MetricNames(line));
    }

    [Fact]
    public void Flush_MoreThan100Metrics_SplitsIntoLinesOfAtMost100()
    {
        var metrics = WarmMetrics();

        for (var i = 0; i < 250; i++)
        {
            metrics.Record("M" + i, i, EmfUnit.None, scope: "feed");
        }

        metrics.Flush();

        var lines = LinesAfter(1);
        Assert.Equal([100, 100, 50], lines.Select(l => MetricNames(l).Length));
        var names = lines.SelectMany(MetricNames).ToArray();
        Assert.Equal(Enumerable.Range(0, 250).Select(i => "M" + i), names);
        Assert.All(lines, line => Assert.All(MetricNames(line), name => Assert.True(line.TryGetProperty(name, out _))));
    }

    [Fact]
    public void Flush_MoreThan100ValuesOfOneMetric_SplitsTheArrayAcrossLines()
    {
        var metrics = WarmMetrics();

        for (var i = 0; i < 230; i++)
        {
            metrics.Record("ItemScore", i, EmfUnit.None);
        }

        metrics.Flush();

        var arrays = LinesAfter(1).Select(l => l.GetProperty("ItemScore").EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([100, 100, 30], arrays.Select(a => a.Length));
        Assert.Equal(Enumerable.Range(0, 230).Select(i => (double)i), arrays.SelectMany(a => a));
    }

    [Fact]
    public void Flush_WithProperties_WritesThemOnEveryLineAsRootStrings()
    {
        var metrics = WarmMetrics();

        metrics.SetProperty("RequestId", "req-1");
        metrics.SetProperty("ModelVersion", "12");
        metrics.Record("Total", 1, EmfUnit.Milliseconds);
        metrics.Record("Total", 1, EmfUnit.Milliseconds, "feed");
        metrics.Flush();

        Assert.All(LinesAfter(1), line =>
        {
            Assert.Equal("req-1", line.GetProperty("RequestId").GetString());
            Assert.Equal("12", line.GetProperty("ModelVersion").GetString());
            Assert.DoesNotContain("RequestId", MetricNames(line));
        });
    }

    [Fact]
    public void Flush_PropertyNamedLikeADimensionOrMetric_NeverShadowsIt()
    {
        var metrics = WarmMetrics();

        metrics.SetProperty("Surface", "bogus");
        metrics.SetProperty("Latency", "bogus");
        metrics.Record("Latency", 4, EmfUnit.Milliseconds, "feed");
        metrics.Flush();

        var json = _output.Lines().Last();
        var line = JsonDocument.Parse(json).RootElement;
        Assert.Equal("feed", line.GetProperty("Surface").GetString());
        Assert.Equal(4, line.GetProperty("Latency").GetDouble());
        Assert.DoesNotContain("bogus", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_First_RecordsColdStartOnceAtFunctionLevel()
    {
        var metrics = NewMetrics();

        metrics.Flush();
        metrics.Flush();
        metrics.Record("Total", 3, EmfUnit.Milliseconds);
        metrics.Flush();

        var lines = _output.JsonLines();
        Assert.Equal(2, lines.Length);
        Assert.Equal(1, lines[0].GetProperty("ColdStart").GetDouble());
        Assert.Equal("Count", Directive(lines[0]).GetProperty("Metrics")[0].GetProperty("Unit").GetString());
        Assert.Equal([["Function"]], Dimensions(lines[0]));
        Assert.False(lines[1].TryGetProperty("ColdStart", out _));
    }

    [Fact]
    public void Flush_WithNothingRecordedAfterTheFirst_WritesNothingAndClearsProperties()
    {
        var metrics = WarmMetrics();

        metrics.SetProperty("RequestId", "req-1");
        metrics.Flush();
        metrics.Record("Total", 1, EmfUnit.Milliseconds);
        metrics.Flush();

        var line = Assert.Single(LinesAfter(1));
        Assert.False(line.TryGetProperty("RequestId", out _));
    }

    [Fact]
    public void Record_NonFiniteValue_IsDropped()
    {
        var metrics = WarmMetrics();

        metrics.Record("Score", double.NaN, EmfUnit.None);
        metrics.Record("Score", double.PositiveInfinity, EmfUnit.None);
        metrics.Flush();

        Assert.Empty(LinesAfter(1));
    }

    [Theory]
    [InlineData(EmfUnit.Milliseconds, "Milliseconds")]
    [InlineData(EmfUnit.Count, "Count")]
    [InlineData(EmfUnit.Bytes, "Bytes")]
    [InlineData(EmfUnit.None, "None")]
    [InlineData(EmfUnit.Percent, "Percent")]
    [InlineData(EmfUnit.BytesPerSecond, "Bytes/Second")]
    [InlineData(EmfUnit.CountPerSecond, "Count/Second")]
    public void Flush_Unit_IsWrittenWithItsSpecName(EmfUnit unit, string expected)
    {
        var metrics = WarmMetrics();

        metrics.Record("X", 1, unit);
        metrics.Flush();

        Assert.Equal(expected, Directive(LinesAfter(1)[0]).GetProperty("Metrics")[0].GetProperty("Unit").GetString());
    }

    [Fact]
    public void Record_FromManyThreads_KeepsEveryValue()
    {
        var metrics = WarmMetrics();

        Parallel.For(0, 1000, i =>
        {
            metrics.Record("Hits", 1, EmfUnit.Count, i % 2 == 0 ? "feed" : "search");
            metrics.Record("Total", 1, EmfUnit.Count);
            if (i % 100 == 0)
            {
                metrics.SetProperty("P" + i, "v");
            }
        });
        metrics.Flush();

        var lines = LinesAfter(1);
        double Sum(string name, string? surface) => lines
            .Where(l => (l.TryGetProperty("Surface", out var s) ? s.GetString() : null) == surface && l.TryGetProperty(name, out _))
            .SelectMany(l => l.GetProperty(name).EnumerateArray())
            .Sum(v => v.GetDouble());
        Assert.Equal(1000, Sum("Total", null));
        Assert.Equal(500, Sum("Hits", "feed"));
        Assert.Equal(500, Sum("Hits", "search"));
        Assert.All(lines, l => Assert.True(MetricNames(l).Length <= EmfMetrics.MaxMetricsPerLine));
    }

    [Fact]
    public void Flush_EachLine_IsOneWriteCall()
    {
        var metrics = WarmMetrics();
        var before = _output.WriteCalls;

        metrics.Record("A", 1, EmfUnit.Count);
        metrics.Record("B", 1, EmfUnit.Count, "feed");
        metrics.Flush();

        Assert.Equal(2, _output.WriteCalls - before);
    }
}

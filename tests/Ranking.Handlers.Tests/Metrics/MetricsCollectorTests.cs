using Ranking.Handlers.Metrics;

namespace Ranking.Handlers.Tests.Metrics;

/// <summary>The in-memory aggregation behind serve's <c>/metrics</c>, and reading it by EMF name.</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly RankingInstruments _instruments = new();
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests() => _collector = new MetricsCollector(_instruments.Meter);

    public void Dispose()
    {
        _collector.Dispose();
        _instruments.Dispose();
    }

    [Fact]
    public void Counters_AreSummedPerTagSet_WhateverTheTagOrder()
    {
        var counter = _instruments.Meter.CreateCounter<long>("test.counter");
        counter.Add(2, new("surface", "feed"), new("reason", "x"));
        counter.Add(3, new("reason", "x"), new("surface", "feed"));
        counter.Add(5, new("surface", "search"), new("reason", "x"));

        var series = Assert.Single(_collector.Snapshot(), i => i.Name == "test.counter").Series;

        Assert.Equal([5.0, 5.0], series.Select(s => s.Value));
        Assert.Equal(["reason", "surface"], series[0].Tags.Select(t => t.Key));
    }

    [Fact]
    public void Histograms_CountEachValueInTheFirstBucketWhoseBoundIsNotBelowIt()
    {
        foreach (var ms in new[] { 0.25, 0.26, 5000, 6000 })
        {
            _instruments.RankServed("feed", Result(), candidates: 1, totalMs: ms);
        }

        var latency = Assert.Single(_collector.Snapshot(), i => i.Name == "ranking.rank.latency");
        var series = Assert.Single(latency.Series);
        Assert.Equal(15, series.Buckets.Count);
        Assert.Equal(1, series.Buckets[0]);   // <= 0.25
        Assert.Equal(1, series.Buckets[1]);   // <= 0.5
        Assert.Equal(1, series.Buckets[13]);  // <= 5000
        Assert.Equal(1, series.Buckets[14]);  // beyond every bound
        Assert.Equal(4, series.Count);
        Assert.Equal(11000.51, series.Value, 6);
        Assert.Equal(4, _collector.Sum("RankLatency"));
    }

    [Fact]
    public void Sum_ReadsAFamilyByItsEmfNames_TotalAndPerValue()
    {
        _instruments.ModelRejected("sha256");
        _instruments.ModelRejected("quality");
        _instruments.ModelRejected("quality");
        _instruments.RankServed("feed", Result(), 1, 1);
        _instruments.RankServed("feed", Result(fallback: "deadline"), 1, 1);

        Assert.Equal(3, _collector.Sum("ModelsRejected"));
        Assert.Equal(2, _collector.Sum("ModelsRejected_quality"));
        Assert.Equal(1, _collector.Sum("Fallback"));
        Assert.Equal(1, _collector.Sum("Fallback_deadline"));
        Assert.Equal(2, _collector.Recorded("Fallback"));
    }

    [Fact]
    public void Gauges_KeepTheirLastValue_AndCollectorsSeeOnlyTheirOwnMeter()
    {
        using var other = new RankingInstruments();
        _instruments.ShadowCompared("feed", 0.5, 0.1);
        _instruments.ShadowCompared("feed", 0.8, 0.2);
        other.ShadowCompared("feed", -1, 9);

        Assert.Equal(0.8, _collector.Sum("ShadowRankCorrelation"));
        Assert.Equal(2, _collector.Recorded("ShadowRankCorrelation"));
    }

    [Fact]
    public void Measurements_WithMoreTagsThanTheKeyHolds_AreStillCounted()
    {
        var counter = _instruments.Meter.CreateCounter<long>("test.wide");
        counter.Add(1, new("a", "1"), new("b", "2"), new("c", "3"), new("d", "4"));

        Assert.Equal(1, Assert.Single(Assert.Single(_collector.Snapshot(), i => i.Name == "test.wide").Series).Value);
    }

    private static Core.Ranking.RankResult Result(string? fallback = null) => new()
    {
        Items = [],
        Removed = [],
        Timings = new Core.Ranking.RankTimings(0, 0, 0),
        Fallback = fallback,
        Rules = Core.Ranking.Ranker.Rank(new Core.Ranking.RankInput { Context = new Core.Features.FeatureContext(), Candidates = [], Items = [] }, null, Core.Rules.SurfaceRules.Default).Rules,
    };
}

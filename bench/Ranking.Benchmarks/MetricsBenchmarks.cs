using BenchmarkDotNet.Attributes;
using Ranking.Contracts;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Handlers.Metrics;
using Ranking.Lambda.Metrics;

namespace Ranking.Benchmarks;

/// <summary>
/// What a ranking's metrics cost, per ranking of the feed scenario (16 requests in turn): a Lambda invocation's
/// (record, then flush one EMF document) written directly to the EMF writer as the functions did before the
/// instruments (<see cref="EmfDirect"/>, the baseline), the same through <see cref="RankingInstruments"/> and the
/// <see cref="EmfExporter"/> listener, and serve's (the instruments into the <see cref="MetricsCollector"/>, no flush).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MetricsBenchmarks
{
    private RankResult[] _results = [];
    private int _next;
    private EmfMetrics _direct = null!;
    private EmfMetrics _exported = null!;
    private RankingInstruments _functionInstruments = null!;
    private EmfExporter _exporter = null!;
    private RankingInstruments _serveInstruments = null!;
    private MetricsCollector _collector = null!;

    [Params(500)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var scenario = FeedScenario.Load(Candidates);
        _results = [.. scenario.Inputs.Select(input => Ranker.Rank(input, scenario.Model, SurfaceRules.Default))];
        _direct = EmfExporter.CreateWriter("Ranking", "rank", TextWriter.Null, TimeProvider.System);
        _exported = EmfExporter.CreateWriter("Ranking", "rank", TextWriter.Null, TimeProvider.System);
        _functionInstruments = new RankingInstruments();
        _exporter = new EmfExporter(_functionInstruments, _exported);
        _serveInstruments = new RankingInstruments();
        _collector = new MetricsCollector(_serveInstruments.Meter);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _exporter.Dispose();
        _collector.Dispose();
        _functionInstruments.Dispose();
        _serveInstruments.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void EmfDirect()
    {
        var result = Next();
        const string Surface = "feed";
        _direct.Record(MetricNames.RankLatency, 0.4, EmfUnit.Milliseconds, Surface);
        _direct.Record(MetricNames.FeatureLatency, result.Timings.FeaturesMs, EmfUnit.Milliseconds, Surface);
        _direct.Record(MetricNames.ScoringLatency, result.Timings.ScoringMs, EmfUnit.Milliseconds, Surface);
        _direct.Record(MetricNames.Candidates, Candidates, EmfUnit.Count, Surface);
        _direct.Record(MetricNames.MissingFeatures, result.MissingFeatures, EmfUnit.Count, Surface);
        _direct.Record(MetricNames.MissingItems, result.MissingItems, EmfUnit.Count, Surface);
        _direct.Record(MetricNames.Fallback, result.Fallback is null ? 0 : 1, EmfUnit.Count, Surface);
        _direct.SetProperty("ModelVersion", $"{result.Model!.Name}/{result.Model.Version}");
        var counts = result.Rules;
        if (counts.Duplicates > 0)
        {
            _direct.Record(MetricNames.RemovedPrefix + "duplicate", counts.Duplicates, EmfUnit.Count, Surface);
        }

        if (counts.Inactive > 0)
        {
            _direct.Record(MetricNames.RemovedPrefix + "inactive", counts.Inactive, EmfUnit.Count, Surface);
        }

        for (var i = 0; i < counts.Demoted.Length; i++)
        {
            if (counts.Demoted[i] > 0)
            {
                _direct.Record(MetricNames.DemotedPrefix + counts.Rules.Settings.Diversity[i].Attribute, counts.Demoted[i], EmfUnit.Count, Surface);
            }
        }

        _direct.Flush();
    }

    [Benchmark]
    public void InstrumentsToEmf()
    {
        var result = Next();
        _functionInstruments.RankServed("feed", result, Candidates, 0.4);
        _functionInstruments.RulesApplied("feed", result.Rules);
        _exported.Flush();
    }

    [Benchmark]
    public void InstrumentsToCollector()
    {
        var result = Next();
        _serveInstruments.RankServed("feed", result, Candidates, 0.4);
        _serveInstruments.RulesApplied("feed", result.Rules);
    }

    private RankResult Next()
    {
        var result = _results[_next];
        _next = (_next + 1) % _results.Length;
        return result;
    }
}

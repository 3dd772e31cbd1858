using System.Text.Json;
using Ranking.Contracts;
using Ranking.Contracts.Rules;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Metrics;
using Ranking.Lambda.Metrics;
using Ranking.Testing.Output;
using Ranking.Testing.Seams;

namespace Ranking.Functions.Hosting.Tests.Metrics;

public sealed class EmfExporterTests : IDisposable
{
    private readonly LogCapture _output = new();
    private readonly EmfMetrics _emf;
    private readonly RankingInstruments _instruments = new();
    private readonly EmfExporter _exporter;

    public EmfExporterTests()
    {
        _emf = EmfExporter.CreateWriter("Ranking", "feed-rerank-fn", _output, new FixedTimeProvider(DateTimeOffset.UnixEpoch));
        _exporter = new EmfExporter(_instruments, _emf);
        // The first flush carries the cold start; tests read what comes after it.
        _emf.Flush();
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _instruments.Dispose();
    }

    [Theory]
    [InlineData(FeedRerankOutcome.Ranked, "FeedsRanked")]
    [InlineData(FeedRerankOutcome.Stale, "FeedsStale")]
    [InlineData(FeedRerankOutcome.Empty, "FeedsEmpty")]
    [InlineData(FeedRerankOutcome.Superseded, "FeedsSuperseded")]
    [InlineData(FeedRerankOutcome.Failed, "FeedsFailed")]
    public void FeedProcessed_CountsEachOutcomeUnderItsOwnName_PerSurface(FeedRerankOutcome outcome, string metric)
    {
        _instruments.FeedProcessed("feed", outcome);
        _emf.Flush();

        var line = Assert.Single(_output.JsonLines().Skip(1));
        Assert.Equal("feed", line.GetProperty("Surface").GetString());
        Assert.Equal(1, line.GetProperty(metric).GetDouble());
        Assert.Equal([metric], Names(line));
    }

    [Fact]
    public void EveryMetric_IsWrittenWithTheDimensionsTheContractGivesIt()
    {
        var metrics = _instruments;
        var result = new RankResult { Items = [], Removed = [], Timings = new RankTimings(1, 2, 3), Fallback = FallbackReason.Deadline, Rules = EveryRuleAtWork() };
        metrics.RankServed("search", result, candidates: 10, totalMs: 7);
        metrics.RulesApplied("search", result.Rules);
        metrics.RankRejected("invalid_json");
        metrics.StoreFailed("search");
        foreach (var outcome in Enum.GetValues<FeedRerankOutcome>())
        {
            metrics.FeedProcessed("feed", outcome);
        }

        metrics.ModelSwapped("feed");
        metrics.ModelSwapFailed("feed");
        metrics.ModelValidated();
        metrics.ModelPromoted();
        metrics.ModelRejected("quality");
        metrics.ShadowCompared("feed", 0.9, 0.1);
        metrics.ShadowFailed("feed");
        metrics.RecordLogFailed("impressions");
        metrics.ExperimentGuardrailTripped("feed");
        metrics.ExperimentLoadFailed("feed");
        metrics.EventsReceived(3, 1);
        metrics.FeedsMalformed(1);
        metrics.FeedsEnqueued("feed", 5, 0);
        metrics.ModelsScanned(4, 0);
        metrics.ModelSourceFailed();
        metrics.Trained("feed", 1.5, 100);
        _emf.Flush();

        var written = _output.JsonLines().Skip(1).SelectMany(line => Names(line).Select(name => (name, Dimensions(line)))).ToList();
        // Eight from a fallback ranking, seven from its rules, one per feed outcome, two for a rejected model, two for a
        // shadow comparison, two each for events, enqueued feeds, a registry scan and a training, one for each other call.
        Assert.Equal(39 + Enum.GetValues<FeedRerankOutcome>().Length, written.Count);
        Assert.All(written, w => Assert.Equal(
            MetricNames.IsPerSurface(w.name) ? [MetricNames.FunctionDimension, MetricNames.SurfaceDimension] : [MetricNames.FunctionDimension],
            w.Item2));
        Assert.Contains(written, w => w.name == "Fallback_deadline");
        Assert.Contains(written, w => w.name == "Rejected_invalid_json");
        Assert.Contains(written, w => w.name == "ModelsRejected_quality");
        Assert.Equal(
            ["Boosted_promoted", "Demoted_sellerId", "Pinned", "Removed_duplicate", "Removed_excluded", "Removed_filter_cheap", "Removed_inactive"],
            written.Select(w => w.name).Where(n => n.StartsWith("Removed_", StringComparison.Ordinal) || n is "Pinned" || n.StartsWith("Boosted_", StringComparison.Ordinal) || n.StartsWith("Demoted_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    /// <summary>A ranking in which each kind of rule acts once: a duplicate, an exclusion, an inactive item, a filter, a boost, a cap, a pin.</summary>
    private static RuleCounts EveryRuleAtWork()
    {
        var rules = new SurfaceRules(new SurfaceRulesSettings
        {
            Diversity = [new DiversityCap(ItemAttributes.SellerId, 1, 5)],
            Boosts = [new BoostRule("promoted", new ItemMatch { Attribute = "promoted", Min = 1 }, 1f)],
            Filters = [new FilterRule("cheap", new ItemMatch { Attribute = ItemAttributes.Price, Max = 2 })],
        });
        ItemRecord Item(string id, string seller, double price, string status = "active") => new() { ItemId = id, SellerId = seller, Price = price, Status = status };
        var promoted = Item("a", "s1", 10);
        promoted.Numbers["promoted"] = 1;
        ItemRecord?[] items = [promoted, Item("b", "s1", 10), Item("c", "s2", 1), Item("d", "s3", 10, "sold"), promoted, Item("e", "s4", 10), Item("f", "s5", 10)];
        var input = new RankInput
        {
            Context = new FeatureContext { Now = DateTimeOffset.UnixEpoch },
            Candidates = [.. "abcdaef".Select(c => new Candidate(c.ToString()))],
            Items = items,
            Exclude = new HashSet<string> { "e" },
            Pins = [new Pin("f", 1)],
        };

        return Ranker.Rank(input, model: null, rules).Rules;
    }

    [Fact]
    public void RankServed_ByAModel_WritesItsVersionAsAPropertyAndTheLatencyInMilliseconds()
    {
        using var model = RankingModel.Create(
            new ModelManifest
            {
                Name = "feed-ltr",
                Version = "7",
                Features = [new FeatureSpec { Name = "f", Source = FeatureSource.Candidate, Field = "f" }],
                Onnx = new OnnxInfo { Input = "x", Output = "y", Sha256 = "" },
            },
            new ZeroScorer());
        var input = new RankInput { Context = new FeatureContext(), Candidates = [new Candidate("a")], Items = [new ItemRecord { ItemId = "a", SellerId = "s" }] };
        var result = Ranker.Rank(input, model, SurfaceRules.Default);
        _instruments.RankServed("feed", result, candidates: 1, totalMs: 4.5);
        _emf.Flush();

        var line = Assert.Single(_output.JsonLines().Skip(1));
        Assert.Equal("feed-ltr/7", line.GetProperty("ModelVersion").GetString());
        Assert.Equal(4.5, line.GetProperty(MetricNames.RankLatency).GetDouble());
        Assert.Equal(0, line.GetProperty(MetricNames.Fallback).GetDouble());
        var latency = Directive(line).GetProperty("Metrics").EnumerateArray().Single(m => m.GetProperty("Name").GetString() == MetricNames.RankLatency);
        Assert.Equal("Milliseconds", latency.GetProperty("Unit").GetString());
        Assert.DoesNotContain(Names(line), n => n.StartsWith(MetricNames.FallbackPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateWriter_NamesTheColdStartAndNamespaceAsTheContractDoes()
    {
        var output = new LogCapture();
        var emf = EmfExporter.CreateWriter("Staging", "rank-fn", output, new FixedTimeProvider(DateTimeOffset.UnixEpoch));
        emf.Flush();

        var line = Assert.Single(output.JsonLines());
        Assert.Equal([MetricNames.ColdStart], Names(line));
        Assert.Equal("Staging", line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal("rank-fn", line.GetProperty(MetricNames.FunctionDimension).GetString());
    }

    private static string[] Names(JsonElement line) =>
        [.. Directive(line).GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!)];

    private static string[] Dimensions(JsonElement line) =>
        [.. Assert.Single(Directive(line).GetProperty("Dimensions").EnumerateArray()).EnumerateArray().Select(d => d.GetString()!)];

    private static JsonElement Directive(JsonElement line) => line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];

    private sealed class ZeroScorer : IScorer
    {
        public int FeatureCount => 1;

        public void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores) => scores[..rows].Clear();

        public void Dispose()
        {
        }
    }
}

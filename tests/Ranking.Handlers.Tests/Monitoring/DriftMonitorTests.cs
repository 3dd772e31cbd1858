using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Monitoring;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Core.Scoring;
using Ranking.Handlers.Monitoring;

namespace Ranking.Handlers.Tests.Monitoring;

/// <summary>A model on one candidate feature <c>f</c> that scores f; its baseline saw f uniform on [0, 1).</summary>
public sealed class DriftMonitorTests : IDisposable
{
    private readonly List<DriftReading> _readings = [];
    private readonly RankingModel _model;

    public DriftMonitorTests()
    {
        var random = new Random(1);
        var training = Enumerable.Range(0, 20_000).Select(_ => (float)random.NextDouble()).ToArray();
        _model = RankingModel.Create(
            new ModelManifest
            {
                Name = "m",
                Version = "3",
                Features = [new FeatureSpec { Name = "f", Source = FeatureSource.Candidate, Field = "f" }],
                Onnx = new OnnxInfo { Input = "x", Output = "y", Sha256 = "" },
                Baseline = DistributionBuilder.Baseline(["f"], training, training.Length, training),
            },
            new Identity());
    }

    private void Rank(DriftMonitor monitor, Random random, int candidates, float shift)
    {
        var input = new RankInput
        {
            Context = new FeatureContext(),
            Candidates = [.. Enumerable.Range(0, candidates).Select(i => new Candidate($"i{i}", new Dictionary<string, double> { ["f"] = random.NextDouble() + shift }))],
            Items = [.. Enumerable.Range(0, candidates).Select(i => (ItemRecord?)new ItemRecord { ItemId = $"i{i}", SellerId = $"s{i}" })],
        };
        Ranker.Rank(input, _model, new SurfaceRules(new Contracts.Rules.SurfaceRulesSettings { Diversity = [] }), observer: monitor);
    }

    [Fact]
    public void Observe_TrafficLikeTraining_ReportsSmallIndexesEachWindow()
    {
        var monitor = DriftMonitor.For(_model, _readings.Add, window: 2000)!;
        var random = new Random(2);
        // DriftMonitor.RowsPerRanking rows sampled from every SampleEvery-th ranking: a window of 2,000 rows closes twice.
        for (var request = 0; request < DriftMonitor.SampleEvery * 2 * 2000 / DriftMonitor.RowsPerRanking; request++)
        {
            Rank(monitor, random, 100, shift: 0);
        }

        Assert.Equal([2000, 2000], _readings.Select(r => r.Rows));
        Assert.All(_readings, r => Assert.Equal(("3", 2000, "f"), (r.ModelVersion, r.Rows, r.Features.Single())));
        Assert.All(_readings, r => Assert.InRange(r.FeaturePsi[0], 0, 0.05));
        Assert.All(_readings, r => Assert.InRange(r.ScorePsi, 0, 0.05));
    }

    [Fact]
    public void Observe_ShiftedTraffic_ReportsTheShiftOnTheFeatureAndTheScores()
    {
        var monitor = DriftMonitor.For(_model, _readings.Add, window: 2000)!;
        var random = new Random(3);
        for (var request = 0; request < DriftMonitor.SampleEvery * 2000 / DriftMonitor.RowsPerRanking; request++)
        {
            Rank(monitor, random, 100, shift: 0.4f);
        }

        var reading = Assert.Single(_readings);
        Assert.True(reading.FeaturePsi[0] > 0.2, $"feature PSI {reading.FeaturePsi[0]}");
        Assert.True(reading.ScorePsi > 0.2, $"score PSI {reading.ScorePsi}");
    }

    [Fact]
    public void For_AModelWithoutABaseline_IsNull()
    {
        using var plain = RankingModel.Create(
            new ModelManifest { Name = "p", Version = "1", Features = _model.Manifest.Features, Onnx = _model.Manifest.Onnx },
            new Identity());

        Assert.Null(DriftMonitor.For(plain, _readings.Add));
    }

    [Fact]
    public void For_AModelWhoseBaselineHasMalformedBins_IsNull_SoNoRankingIndexesPastThem()
    {
        var good = _model.Manifest.Baseline!;
        var shortShares = new Distribution { Name = "f", Edges = good.Features[0].Edges, Shares = [1.0] };
        var unsorted = new Distribution { Name = "f", Edges = [0.5, 0.1], Shares = [0.3, 0.3, 0.4] };
        foreach (var feature in new[] { shortShares, unsorted })
        {
            using var damaged = RankingModel.Create(
                new ModelManifest
                {
                    Name = "d", Version = "1", Features = _model.Manifest.Features, Onnx = _model.Manifest.Onnx,
                    Baseline = new DriftBaseline { Rows = 1, Features = [feature], Score = good.Score },
                },
                new Identity());

            Assert.Null(DriftMonitor.For(damaged, _readings.Add));
        }
    }

    public void Dispose() => _model.Dispose();

    private sealed class Identity : IScorer
    {
        public int FeatureCount => 1;

        public void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores) => matrix[..rows].CopyTo(scores);

        public void Dispose()
        {
        }
    }
}

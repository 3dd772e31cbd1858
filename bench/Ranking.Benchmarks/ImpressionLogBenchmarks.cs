using BenchmarkDotNet.Attributes;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Monitoring;

namespace Ranking.Benchmarks;

/// <summary>
/// What a ranking's observers cost it, the feed scenario's requests taken in turn: impression logging, and the drift
/// monitor (<see cref="DriftOnly"/>). The request path only
/// copies the logged rows' values; the record is serialised later (serve's 50 ms timer, Lambda's work after the
/// response is posted). So <see cref="Logged"/> captures every response and the captured records are written in
/// the iteration cleanup, outside the measurement and never alongside it on the other core (which, on 2 shared
/// cores, measured contention rather than the request path); <see cref="LoggedWrittenInline"/> pays the
/// serialisation in the call: the whole CPU cost of a logged ranking.
/// </summary>
/// <remarks>
/// A fixed invocation count so the cleanup runs after a known number of captures, all kept (the backlog is sized for
/// them, and so is the log's pool of value arrays), into a sink that discards the bytes.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(256, 16)]
public class ImpressionLogBenchmarks
{
    private readonly DiscardingSink _discarded = new();
    private FeedScenario _scenario = null!;
    private ImpressionLog _impressions = null!;
    private int _nextInput;
    private RankResult[] _results = [];
    private float[][] _matrices = [];
    private int[] _order = [];
    private DriftMonitor _drift = null!;
    private int _driftWindows;

    [Params(100, 500, 1000)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = FeedScenario.Load(Candidates);
        _impressions = new ImpressionLog(_discarded, new ImpressionLogOptions { MaxPending = 512 }, () => 0, new RankingInstruments());
        var written = _discarded.Records;
        if (Logged().Items.Count != Candidates || _impressions.WritePending() != 1 || _discarded.Records != written + 1)
        {
            throw new InvalidOperationException("A logged ranking kept other items or wrote no impression record.");
        }

        // For CaptureOnly: each request's ranking and feature matrix, as the ranker hands them to its observer.
        _results = [.. Enumerable.Range(0, _scenario.Inputs.Length).Select(i => Ranker.Rank(_scenario.Inputs[i], _scenario.Model, SurfaceRules.Default))];
        _matrices = [.. Enumerable.Range(0, _scenario.Inputs.Length).Select(_scenario.BuildMatrix)];
        _order = [.. Enumerable.Range(0, Candidates)];
        _drift = DriftMonitor.For(_scenario.Model, _ => _driftWindows++)
            ?? throw new InvalidOperationException("The feed model's package has no drift baseline: retrain it with scripts/train-sample-models.sh.");
        _nextInput = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _scenario.Dispose();

    [IterationCleanup(Targets = [nameof(Logged), nameof(CaptureOnly)])]
    public void WriteCaptured() => _impressions.WritePending();

    [Benchmark(Baseline = true)]
    public RankResult NotLogged()
    {
        var request = _scenario.Inputs[NextInput()];
        return Ranker.Rank(request, _scenario.Model, SurfaceRules.Default);
    }

    [Benchmark]
    public RankResult Logged()
    {
        var request = _scenario.Inputs[NextInput()];
        var impression = _impressions.Start("bench", request.Context.Now, "feed", request.Context.User?.UserId, null, null, _scenario.Model);
        return Ranker.Rank(request, _scenario.Model, SurfaceRules.Default, default, impression);
    }

    /// <summary>
    /// Only what logging adds to a request: starting the impression and the observer's copy of every row's values,
    /// over a ranking and matrix made in setup. Its median against <see cref="NotLogged"/>'s is the request-path
    /// overhead, free of the run-to-run spread that a difference of two rankings carries.
    /// </summary>
    [Benchmark]
    public int CaptureOnly()
    {
        var input = NextInput();
        var request = _scenario.Inputs[input];
        var impression = _impressions.Start("bench", request.Context.Now, "feed", request.Context.User?.UserId, null, null, _scenario.Model)!;
        impression.Observe(_results[input], new RankedRows(_matrices[input], _scenario.Width, _order));
        return input;
    }

    /// <summary>
    /// What the drift monitor adds to a request, on average: sampling <see cref="DriftMonitor.RowsPerRanking"/> rows of
    /// every <see cref="DriftMonitor.SampleEvery"/>th ranking into the baseline's bins (and, every 2,000 sampled rows,
    /// closing a window: the PSI of each feature and of the scores), over a ranking and matrix made in setup.
    /// </summary>
    [Benchmark]
    public int DriftOnly()
    {
        var input = NextInput();
        _drift.Observe(_results[input], new RankedRows(_matrices[input], _scenario.Width, _order));
        return input + _driftWindows;
    }

    [Benchmark]
    public int LoggedWrittenInline() => Logged().Items.Count + _impressions.WritePending();

    /// <summary>The request for this call: 0, 1, ..., 15, 0, ... in every case.</summary>
    private int NextInput()
    {
        var input = _nextInput;
        _nextInput = input + 1 == _scenario.Inputs.Length ? 0 : input + 1;
        return input;
    }
}

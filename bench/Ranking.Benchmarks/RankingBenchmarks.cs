using BenchmarkDotNet.Attributes;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Training.LightGbm;

namespace Ranking.Benchmarks;

/// <summary>
/// Where a feed re-rank spends its time, against the floor of calling ONNX Runtime directly on the same rows.
/// Items are looked up in setup, not per call: the embedded store is a dictionary and the production
/// store is a network call, so neither belongs in the in-process number.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public partial class RankingBenchmarks
{
    private FeedScenario _scenario = null!;
    private RawOnnxSession _onnx = null!;
    private LightGbmPredictor _lightGbm = null!;
    private float[] _matrix = [];
    private float[] _featureBuffer = [];
    private float[] _onnxScores = [];
    private float[] _lightGbmScores = [];
    private float[] _scorerScores = [];
    private FeaturePlan[] _rotatingPlans = [];
    private int _nextPlan;

    [Params(100, 500, 1000)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = FeedScenario.Load(Candidates);
        var rows = _scenario.Rows;
        var width = _scenario.Width;
        _matrix = _scenario.BuildMatrix();
        _featureBuffer = new float[rows * width];
        _onnxScores = new float[rows];
        _lightGbmScores = new float[rows];
        _scorerScores = new float[rows];
        var manifest = _scenario.Model.Manifest;
        // One more plan than an item's cache holds (four), used in turn: every Fill finds its plan evicted.
        _rotatingPlans = [.. Enumerable.Range(0, 5).Select(_ => FeaturePlan.Compile(manifest.Features))];

        var onnx = File.ReadAllBytes(Path.Combine(_scenario.PackageDir, manifest.Onnx.File));
        _onnx = new RawOnnxSession(onnx, manifest.Onnx.Input, manifest.Onnx.Output, _matrix, _onnxScores, rows, width);
        var trainerFile = manifest.TrainerModel?.File ?? "lightgbm.txt";
        _lightGbm = LightGbmPredictor.Load(File.ReadAllText(Path.Combine(_scenario.PackageDir, trainerFile)));
        VerifySameWork();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _lightGbm.Dispose();
        _scenario.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float RawOnnxRuntime()
    {
        _onnx.Run();
        return _onnxScores[0];
    }

    [Benchmark]
    public RankResult RankInProcess() => Ranker.Rank(_scenario.Input, _scenario.Model, SurfaceRules.Default);

    [Benchmark]
    public int FeaturesOnly()
    {
        var input = _scenario.Input;
        return _scenario.Model.Plan.Fill(input.Context, input.Candidates, input.Items, _featureBuffer);
    }

    /// <summary>
    /// Fill as it runs when the item records are new to the plan (a cold item cache, or records read fresh from
    /// DynamoDB): plans cache item-only values on the record, at most four plans per record, so rotating through
    /// five plans of the same features recomputes (and reallocates) them on every call.
    /// </summary>
    [Benchmark]
    public int FeaturesUncachedItems()
    {
        var input = _scenario.Input;
        var plan = _rotatingPlans[_nextPlan = (_nextPlan + 1) % _rotatingPlans.Length];
        return plan.Fill(input.Context, input.Candidates, input.Items, _featureBuffer);
    }

    /// <summary>The production <c>OnnxScorer</c> on the prebuilt matrix: its cost over <see cref="RawOnnxRuntime"/> is the wrapper's.</summary>
    [Benchmark]
    public float ScorerOnly()
    {
        _scenario.Model.Scorer.Score(_matrix, _scenario.Rows, _scorerScores);
        return _scorerScores[0];
    }

    /// <summary>LightGBM's <c>LGBM_BoosterPredictForMat</c>, which <see cref="LightGbmPredictor"/> calls with <c>num_threads=1</c>.</summary>
    [Benchmark]
    public float LightGbmPredict()
    {
        _lightGbm.Predict(_matrix, _scenario.Rows, _lightGbmScores);
        return _lightGbmScores[0];
    }
}

using BenchmarkDotNet.Attributes;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Contracts.Rules;
using Ranking.Core.Rules;
using Ranking.Training.LightGbm;

namespace Ranking.Benchmarks;

/// <summary>
/// Where a feed re-rank spends its time, against the floor of calling ONNX Runtime directly on the same rows.
/// Items are looked up in setup, not per call: the embedded store is a dictionary and the production
/// store is a network call, so neither belongs in the in-process number.
/// </summary>
/// <remarks>
/// Every case takes the scenario's requests in turn, one per call, starting from the first, so the ratios
/// compare the same work and no case scores one matrix often enough for the branch predictor to learn it.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public partial class RankingBenchmarks
{
    /// <summary>One more plan than an item's cache holds (four), for each request; see <see cref="FeaturesUncachedItems"/>.</summary>
    private const int RotatingPlans = (4 + 1) * FeedScenario.InputCount;

    private static readonly SurfaceRules s_configuredRules = new(RulesConfiguration.Parse(
        """
        {"feed": {
          "diversity": [{"attribute": "sellerId", "max": 2, "window": 10}, {"attribute": "brand", "max": 3, "window": 20}, {"attribute": "category", "max": 5, "window": 20}],
          "boosts": [{"name": "liked", "attribute": "likes", "min": 20, "add": 0.3}, {"name": "new", "attribute": "ageDays", "max": 7, "add": 0.2},
                     {"name": "brands", "attribute": "brand", "in": ["levis", "nike", "zara"], "add": 0.1}],
          "filters": [{"name": "cheap", "attribute": "price", "max": 3}, {"name": "no-kids", "attribute": "category", "in": ["kids"]}]
        }}
        """,
        ["feed"])["feed"]);

    private FeedScenario _scenario = null!;
    private RawOnnxSession _onnx = null!;
    private LightGbmPredictor _lightGbm = null!;
    private RankInput[] _inputs = [];
    /// <summary>The model plan's matrix of each request, filled in setup.</summary>
    private float[][] _matrices = [];
    private float[] _featureBuffer = [];
    private float[] _onnxScores = [];
    private float[] _lightGbmScores = [];
    private float[] _scorerScores = [];
    private double[] _contributions = [];
    private FeaturePlan[] _rotatingPlans = [];
    private int _nextInput;
    private int _nextPlan;

    [Params(100, 500, 1000)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = FeedScenario.Load(Candidates);
        var rows = _scenario.Rows;
        var width = _scenario.Width;
        _inputs = _scenario.Inputs;
        _matrices = new float[_inputs.Length][];
        for (var i = 0; i < _matrices.Length; i++)
        {
            _matrices[i] = _scenario.BuildMatrix(i);
        }

        _featureBuffer = new float[rows * width];
        _onnxScores = new float[rows];
        _lightGbmScores = new float[rows];
        _scorerScores = new float[rows];
        _contributions = new double[rows * width];
        var manifest = _scenario.Model.Manifest;
        _rotatingPlans = [.. Enumerable.Range(0, RotatingPlans).Select(_ => FeaturePlan.Compile(manifest.Features))];

        var onnx = File.ReadAllBytes(Path.Combine(_scenario.PackageDir, manifest.Onnx.File));
        _onnx = new RawOnnxSession(onnx, manifest.Onnx.Input, manifest.Onnx.Output, _matrices, _onnxScores, rows, width);
        _lightGbm = _scenario.LoadLightGbm();
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
    public float RawOnnxRuntime() => RunOnnx(NextInput());

    [Benchmark]
    public RankResult RankInProcess() => Rank(NextInput());

    /// <summary>
    /// RankInProcess under a full rules configuration: three diversity caps (seller, brand, category), three boosts
    /// (a number range, an age, a brand list) and two filters, against the default (one seller cap) in the same run.
    /// </summary>
    [Benchmark]
    public RankResult RankWithConfiguredRules() => Ranker.Rank(_inputs[NextInput()], _scenario.Model, s_configuredRules);

    [Benchmark]
    public int FeaturesOnly() => Fill(_scenario.Model.Plan, NextInput());

    /// <summary>
    /// Fill as it runs when the item records are new to the plan (a cold item cache, or records read fresh from
    /// DynamoDB): plans cache item-only values on the record, at most four plans per record, oldest dropped.
    /// Call <c>t</c> takes request <c>t mod 16</c> and plan <c>t mod 80</c>: a record is in request <c>t</c>'s
    /// candidates again at <c>t + 16</c>, <c>t + 32</c>, <c>t + 48</c> and <c>t + 64</c>, each time with another
    /// plan, so by the time its plan comes back (<c>t + 80</c>) four newer plans have pushed it out, and every
    /// Fill recomputes (and reallocates) the item values even for items several requests share.
    /// </summary>
    [Benchmark]
    public int FeaturesUncachedItems()
    {
        var plan = _rotatingPlans[_nextPlan];
        _nextPlan = _nextPlan + 1 == _rotatingPlans.Length ? 0 : _nextPlan + 1;
        return Fill(plan, NextInput());
    }

    /// <summary>
    /// The production scorer on the prebuilt matrices: the native tree scorer for the default model (ONNX Runtime
    /// for a model it cannot reproduce), against <see cref="RawOnnxRuntime"/> on the same inputs.
    /// </summary>
    [Benchmark]
    public float ScorerOnly() => Score(NextInput());

    /// <summary>
    /// TreeSHAP contributions of every candidate (what <c>explain: true</c> adds for an unlimited request), the
    /// explainer already built (the model's first explained request builds it).
    /// </summary>
    [Benchmark]
    public double ExplainOnly() => Explain(NextInput());

    /// <summary>LightGBM's <c>LGBM_BoosterPredictForMat</c>, which <see cref="LightGbmPredictor"/> calls with <c>num_threads=1</c>.</summary>
    [Benchmark]
    public float LightGbmPredict() => PredictLightGbm(NextInput());

    /// <summary>The request for this call: 0, 1, ..., 15, 0, ... in every case.</summary>
    private int NextInput()
    {
        var input = _nextInput;
        _nextInput = input + 1 == _inputs.Length ? 0 : input + 1;
        return input;
    }

    private float RunOnnx(int input)
    {
        _onnx.Run(input);
        return _onnxScores[0];
    }

    private RankResult Rank(int input) => Ranker.Rank(_inputs[input], _scenario.Model, SurfaceRules.Default);

    private int Fill(FeaturePlan plan, int input)
    {
        var request = _inputs[input];
        return plan.Fill(request.Context, request.Candidates, request.Items, _featureBuffer);
    }

    private float Score(int input)
    {
        _scenario.Model.Scorer.Score(_matrices[input], _scenario.Rows, _scorerScores);
        return _scorerScores[0];
    }

    private double Explain(int input)
    {
        _scenario.Model.GetExplainer(out var unavailable)!.Explain(_matrices[input], _scenario.Rows, _contributions);
        return unavailable is null ? _contributions[0] : throw new InvalidOperationException(unavailable);
    }

    private float PredictLightGbm(int input)
    {
        _lightGbm.Predict(_matrices[input], _scenario.Rows, _lightGbmScores);
        return _lightGbmScores[0];
    }
}

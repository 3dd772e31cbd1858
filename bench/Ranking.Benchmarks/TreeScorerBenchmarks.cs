using System.Globalization;
using BenchmarkDotNet.Attributes;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;
using Ranking.Training.LightGbm;
using Ranking.Training.Onnx;

namespace Ranking.Benchmarks;

/// <summary>
/// The native tree scorer against ONNX Runtime (<see cref="OnnxScorer"/>, one thread) and LightGBM's own predict
/// (one thread) on the same prebuilt matrices: the default feed model on the feed scenario's 16 requests, and a
/// 500-tree, 64-leaf, 100-feature synthetic ensemble on 16 random matrices. Each call takes the next matrix, so no case
/// scores one matrix often enough for the branch predictor to learn its paths.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TreeScorerBenchmarks
{
    /// <summary>LightGBM sums the same leaves in double, so its floats may differ from ONNX Runtime's in the last bits.</summary>
    private const float LightGbmTolerance = 1e-5f;

    private float[][] _matrices = [];
    private float[] _scores = [];
    private IScorer _onnx = null!;
    private IScorer _native = null!;
    private IScorer _narrow = null!;
    private IScorer _blocked = null!;
    private LightGbmPredictor _lightGbm = null!;
    private int _rows;
    private int _next;

    [Params("feed", "synthetic")]
    public string Model { get; set; } = "feed";

    [Params(100, 500, 1000)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rows = Candidates;
        byte[] onnx;
        string input;
        string output;
        int width;
        if (Model == "feed")
        {
            using var scenario = FeedScenario.Load(Candidates);
            _matrices = [.. Enumerable.Range(0, FeedScenario.InputCount).Select(scenario.BuildMatrix)];
            var manifest = scenario.Model.Manifest;
            onnx = File.ReadAllBytes(Path.Combine(scenario.PackageDir, manifest.Onnx.File));
            (input, output, width) = (manifest.Onnx.Input, manifest.Onnx.Output, scenario.Width);
            _lightGbm = scenario.LoadLightGbm();
        }
        else
        {
            _matrices = [.. Enumerable.Range(0, FeedScenario.InputCount).Select(i => SyntheticEnsemble.Matrix(i, Candidates))];
            var ensemble = SyntheticEnsemble.Build(42);
            onnx = OnnxTreeExporter.Export(ensemble);
            (input, output, width) = ("features", "score", SyntheticEnsemble.Features);
            _lightGbm = LightGbmPredictor.Load(LightGbmModelWriter.Write(ensemble));
        }

        _scores = new float[_rows];
        _onnx = OnnxScorer.Load(onnx, input, output, width);
        if (!TreeEnsembleScorer.TryCreate(onnx, input, output, width, out var native, out var reason))
        {
            throw new InvalidOperationException($"The native scorer refused the {Model} model: {reason}");
        }

        _native = native;
        _narrow = Forced(TreeLayout.Bitvector128);
        _blocked = Forced(TreeLayout.Blocked);
        VerifySameScores(_native);
        VerifySameScores(_narrow);
        VerifySameScores(_blocked);
        VerifyLightGbm();

        IScorer Forced(TreeLayout layout) => TreeEnsembleScorer.TryCreate(onnx, input, output, width, layout, out var scorer, out var refused)
            ? scorer
            : throw new InvalidOperationException($"The {layout} layout refused the {Model} model: {refused}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _native.Dispose();
        _narrow.Dispose();
        _blocked.Dispose();
        _lightGbm.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float OnnxRuntime() => Score(_onnx);

    /// <summary>The layout the scorer picks for this model (<see cref="TreeEnsembleScorer"/>'s rule).</summary>
    [Benchmark]
    public float Native() => Score(_native);

    /// <summary>The bitvector scan in 128-bit vectors forced, as hosts without AVX2 (ARM64) run it.</summary>
    [Benchmark]
    public float NativeBitvector128() => Score(_narrow);

    /// <summary>The blocked lockstep layout forced, to measure the rule against.</summary>
    [Benchmark]
    public float NativeBlocked() => Score(_blocked);

    /// <summary>LightGBM's <c>LGBM_BoosterPredictForMat</c>, which <see cref="LightGbmPredictor"/> calls with <c>num_threads=1</c>.</summary>
    [Benchmark]
    public float LightGbmPredict()
    {
        _lightGbm.Predict(NextMatrix(), _rows, _scores);
        return _scores[0];
    }

    private float Score(IScorer scorer)
    {
        scorer.Score(NextMatrix(), _rows, _scores);
        return _scores[0];
    }

    private float[] NextMatrix()
    {
        var matrix = _matrices[_next];
        _next = _next + 1 == _matrices.Length ? 0 : _next + 1;
        return matrix;
    }

    /// <summary>A fast scorer that scores differently measures nothing: every matrix must give bit-equal scores.</summary>
    private void VerifySameScores(IScorer native)
    {
        var expected = new float[_rows];
        foreach (var matrix in _matrices)
        {
            _onnx.Score(matrix, _rows, expected);
            native.Score(matrix, _rows, _scores);
            if (!expected.AsSpan().SequenceEqual(_scores))
            {
                throw new InvalidOperationException($"{Model}: the native scorer and ONNX Runtime differ on a matrix.");
            }
        }
    }

    /// <summary>LightGBM scores the same trees: within <see cref="LightGbmTolerance"/> of ONNX Runtime on every matrix.</summary>
    private void VerifyLightGbm()
    {
        var expected = new float[_rows];
        var max = 0f;
        foreach (var matrix in _matrices)
        {
            _onnx.Score(matrix, _rows, expected);
            _lightGbm.Predict(matrix, _rows, _scores);
            for (var i = 0; i < _rows; i++)
            {
                var diff = Math.Abs(expected[i] - _scores[i]);
                max = !(diff <= max) ? diff : max;
            }
        }

        if (!(max <= LightGbmTolerance))
        {
            throw new InvalidOperationException($"{Model}: LightGBM and ONNX Runtime differ by up to {max} (tolerance {LightGbmTolerance}).");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {Model}, {_rows} rows x {_matrices.Length} matrices: max |LightGBM - ONNX Runtime| {max:G3}"));
    }
}

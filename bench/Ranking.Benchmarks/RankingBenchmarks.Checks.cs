using System.Globalization;
using Ranking.Core.Features;

namespace Ranking.Benchmarks;

public partial class RankingBenchmarks
{
    /// <summary>ONNX and LightGBM scores of the same trees agree to float rounding, well inside this.</summary>
    private const float ScoreTolerance = 1e-4f;

    /// <summary>
    /// The ratios only mean something if every method does the same work on the same rows: the ranker must
    /// score (it swallows scoring failures into an input-order fallback, which would look very fast), keep
    /// every candidate, and produce the scores the raw session and LightGBM produce, on every request; and the
    /// requests must really differ, or the rotation would teach the branch predictor as one repeated matrix does.
    /// </summary>
    /// <remarks>
    /// Goes through the per-request helpers, not the benchmark methods, so every case still starts its rotation
    /// at the first request; the uncached fill is checked with a plan of its own, so the rotating plans are new
    /// to every record when the case starts.
    /// </remarks>
    private void VerifySameWork()
    {
        VerifyDistinctInputs();
        var freshPlan = FeaturePlan.Compile(_scenario.Model.Manifest.Features);
        var maxLightGbm = 0f;
        var maxRanker = 0f;
        for (var input = 0; input < _inputs.Length; input++)
        {
            var (lightGbm, ranker) = VerifySameWork(input, freshPlan);
            maxLightGbm = Math.Max(maxLightGbm, lightGbm);
            maxRanker = Math.Max(maxRanker, ranker);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {_inputs.Length} requests ({_inputs[0].Context.User?.UserId}..{_inputs[^1].Context.User?.UserId}) x {_scenario.Rows} candidates x {_scenario.Width} features from {_scenario.PackageDir}; max |diff| vs raw ONNX over all requests: LightGBM {maxLightGbm:G3}, ranker {maxRanker:G3}"));
    }

    private (float LightGbm, float Ranker) VerifySameWork(int input, FeaturePlan freshPlan)
    {
        var request = _inputs[input];
        var result = Rank(input);
        if (result.Fallback is not null || result.Items.Count != _scenario.Rows)
        {
            throw new InvalidOperationException(
                $"Request {input}: rank fell back ({result.Fallback ?? "none"}) or kept {result.Items.Count} of {_scenario.Rows} candidates.");
        }

        Fill(_scenario.Model.Plan, input);
        var cachedSame = _featureBuffer.AsSpan().SequenceEqual(_matrices[input]);
        Fill(freshPlan, input);
        if (!cachedSame || !_featureBuffer.AsSpan().SequenceEqual(_matrices[input]))
        {
            throw new InvalidOperationException($"Request {input}: a features benchmark filled a different matrix than the one the scorers read.");
        }

        RunOnnx(input);
        PredictLightGbm(input);
        Score(input);
        if (!_scorerScores.AsSpan().SequenceEqual(_onnxScores))
        {
            throw new InvalidOperationException($"Request {input}: the production scorer and the raw ONNX Runtime session scored the same matrix differently.");
        }

        var rowOf = new Dictionary<string, int>(_scenario.Rows, StringComparer.Ordinal);
        for (var i = 0; i < _scenario.Rows; i++)
        {
            rowOf[request.Candidates[i].ItemId] = i;
        }

        var maxLightGbm = 0f;
        var maxRanker = 0f;
        for (var i = 0; i < _scenario.Rows; i++)
        {
            maxLightGbm = Math.Max(maxLightGbm, Math.Abs(_onnxScores[i] - _lightGbmScores[i]));
            var ranked = result.Items[i];
            maxRanker = Math.Max(maxRanker, Math.Abs(ranked.Score - _onnxScores[rowOf[ranked.ItemId]]));
        }

        if (maxLightGbm > ScoreTolerance || maxRanker > ScoreTolerance)
        {
            throw new InvalidOperationException(
                $"Request {input}: scores differ: raw ONNX vs LightGBM {maxLightGbm}, raw ONNX vs ranker {maxRanker} (tolerance {ScoreTolerance}).");
        }

        return (maxLightGbm, maxRanker);
    }

    /// <summary>
    /// Every two requests differ in user and in candidate set (not merely in row order), and so in matrix.
    /// </summary>
    private void VerifyDistinctInputs()
    {
        var candidateSets = new HashSet<string>[_inputs.Length];
        for (var i = 0; i < _inputs.Length; i++)
        {
            candidateSets[i] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in _inputs[i].Candidates)
            {
                candidateSets[i].Add(candidate.ItemId);
            }
        }

        for (var i = 0; i < _inputs.Length; i++)
        {
            for (var j = i + 1; j < _inputs.Length; j++)
            {
                var sameUser = string.Equals(_inputs[i].Context.User?.UserId, _inputs[j].Context.User?.UserId, StringComparison.Ordinal);
                if (sameUser || candidateSets[i].SetEquals(candidateSets[j]) || _matrices[i].AsSpan().SequenceEqual(_matrices[j]))
                {
                    throw new InvalidOperationException(
                        $"Requests {i} and {j} share their user, their candidate set or their matrix: the rotation would repeat work the branch predictor has learnt.");
                }
            }
        }
    }
}

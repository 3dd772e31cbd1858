using System.Globalization;

namespace Ranking.Benchmarks;

public partial class RankingBenchmarks
{
    /// <summary>ONNX and LightGBM scores of the same trees agree to float rounding, well inside this.</summary>
    private const float ScoreTolerance = 1e-4f;

    /// <summary>
    /// The ratios only mean something if every method does the same work on the same rows: the ranker must
    /// score (it swallows scoring failures into an input-order fallback, which would look very fast), keep
    /// every candidate, and produce the scores the raw session and LightGBM produce.
    /// </summary>
    private void VerifySameWork()
    {
        var result = RankInProcess();
        if (result.Fallback is not null || result.Items.Count != _scenario.Rows)
        {
            throw new InvalidOperationException(
                $"Rank fell back ({result.Fallback ?? "none"}) or kept {result.Items.Count} of {_scenario.Rows} candidates.");
        }

        FeaturesOnly();
        var cachedSame = _featureBuffer.AsSpan().SequenceEqual(_matrix);
        FeaturesUncachedItems();
        if (!cachedSame || !_featureBuffer.AsSpan().SequenceEqual(_matrix))
        {
            throw new InvalidOperationException("A features benchmark filled a different matrix than the one the scorers read.");
        }

        RawOnnxRuntime();
        LightGbmPredict();
        ScorerOnly();
        if (!_scorerScores.AsSpan().SequenceEqual(_onnxScores))
        {
            throw new InvalidOperationException("OnnxScorer and the raw session scored the same matrix differently.");
        }

        var rowOf = new Dictionary<string, int>(_scenario.Rows, StringComparer.Ordinal);
        for (var i = 0; i < _scenario.Rows; i++)
        {
            rowOf[_scenario.Input.Candidates[i].ItemId] = i;
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
                $"Scores differ: raw ONNX vs LightGBM {maxLightGbm}, raw ONNX vs ranker {maxRanker} (tolerance {ScoreTolerance}).");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {_scenario.Rows} candidates x {_scenario.Width} features from {_scenario.PackageDir}; max |diff| vs raw ONNX: LightGBM {maxLightGbm:G3}, ranker {maxRanker:G3}"));
    }
}

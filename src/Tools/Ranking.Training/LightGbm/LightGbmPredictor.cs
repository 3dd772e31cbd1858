using System.Buffers;

namespace Ranking.Training.LightGbm;

/// <summary>
/// LightGBM's own predict over a model string (<c>lightgbm.txt</c>): the reference the ONNX model is checked
/// and benchmarked against. Reusable; not safe for concurrent calls.
/// </summary>
public sealed class LightGbmPredictor : IDisposable
{
    private readonly LightGbmBooster _booster;

    private LightGbmPredictor(LightGbmBooster booster)
    {
        _booster = booster;
        FeatureCount = booster.FeatureCount;
    }

    public int FeatureCount { get; }

    /// <exception cref="LightGbmException">The string is not a LightGBM model.</exception>
    public static LightGbmPredictor Load(string modelString) => new(LightGbmBooster.Load(modelString));

    /// <summary>Writes one raw score per row of <paramref name="matrix"/> (row-major <c>rows x FeatureCount</c>) into <paramref name="scores"/>.</summary>
    public void Predict(ReadOnlySpan<float> matrix, int rows, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (matrix.Length < rows * FeatureCount || scores.Length < rows)
        {
            throw new ArgumentException($"Buffers too small for {rows} rows of {FeatureCount} features.");
        }

        // LightGBM writes doubles; a pooled buffer keeps repeated calls allocation-free.
        var buffer = ArrayPool<double>.Shared.Rent(rows);
        try
        {
            var raw = buffer.AsSpan(0, rows);
            _booster.Predict(matrix[..(rows * FeatureCount)], rows, FeatureCount, 0, raw);
            for (var i = 0; i < rows; i++)
            {
                scores[i] = (float)raw[i];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _booster.Dispose();
}

namespace Ranking.Training.Onnx;

/// <summary>
/// LightGBM compares <c>(double)x &lt;= threshold</c> with a double threshold; ONNX Runtime compares in float32.
/// For float32 x the two agree exactly when the threshold is the largest float32 not above the double one:
/// no float32 lies between them.
/// </summary>
internal static class Float32Threshold
{
    public static float RoundDown(double threshold)
    {
        var rounded = (float)threshold;
        return rounded > threshold ? MathF.BitDecrement(rounded) : rounded;
    }
}

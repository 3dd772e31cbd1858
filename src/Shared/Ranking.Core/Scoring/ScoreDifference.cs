namespace Ranking.Core.Scoring;

/// <summary>How far two scorers' scores of the same rows are apart: the parity gate and the scoring benchmark ask it.</summary>
public static class ScoreDifference
{
    /// <summary>
    /// The largest |expected - actual| over the rows, in double, and the first row where it occurs. NaN on both sides
    /// is agreement; NaN on one side only is an infinite difference.
    /// </summary>
    public static double Max(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, out int row)
    {
        if (actual.Length < expected.Length)
        {
            throw new ArgumentException($"{actual.Length} scores to compare with {expected.Length}.", nameof(actual));
        }

        var worst = 0.0;
        row = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = float.IsNaN(expected[i]) && float.IsNaN(actual[i]) ? 0 : Math.Abs((double)expected[i] - actual[i]);
            if (diff > worst || double.IsNaN(diff))
            {
                (worst, row) = (double.IsNaN(diff) ? double.PositiveInfinity : diff, i);
            }
        }

        return worst;
    }
}

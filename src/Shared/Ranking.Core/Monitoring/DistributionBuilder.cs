namespace Ranking.Core.Monitoring;

/// <summary>Builds a <see cref="Distribution"/> from values, the one binning training and serving share.</summary>
public static class DistributionBuilder
{
    public const int Deciles = 10;

    /// <summary>Decile edges of the non-missing values (ties merged), each bin's share and the missing share.</summary>
    public static Distribution Build(string? name, ReadOnlySpan<float> values)
    {
        var present = new List<double>(values.Length);
        foreach (var value in values)
        {
            if (!float.IsNaN(value))
            {
                present.Add(value);
            }
        }

        present.Sort();
        var edges = new List<double>(Deciles - 1);
        for (var q = 1; q < Deciles && present.Count > 0; q++)
        {
            var edge = present[Math.Min(present.Count - 1, (int)Math.Ceiling(q * present.Count / (double)Deciles) - 1)];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        // A value equal to the largest edge falls in that edge's bin; the last bin holds what lies above it.
        var edgeArray = edges.ToArray();
        var shares = new double[edgeArray.Length + 1];
        foreach (var value in present)
        {
            shares[Distribution.Bin(edgeArray, value)]++;
        }

        for (var b = 0; b < shares.Length && present.Count > 0; b++)
        {
            shares[b] /= present.Count;
        }

        return new Distribution { Name = name, Edges = edgeArray, Shares = shares, Missing = values.Length == 0 ? 0 : (values.Length - present.Count) / (double)values.Length };
    }

    /// <summary>A baseline over a row-major matrix (<paramref name="rows"/> x <paramref name="names"/>) and its scores.</summary>
    public static DriftBaseline Baseline(IReadOnlyList<string> names, float[] matrix, int rows, float[] scores)
    {
        ArgumentNullException.ThrowIfNull(names);
        var width = names.Count;
        var column = new float[rows];
        var features = new Distribution[width];
        for (var f = 0; f < width; f++)
        {
            for (var r = 0; r < rows; r++)
            {
                column[r] = matrix[(r * width) + f];
            }

            features[f] = Build(names[f], column);
        }

        return new DriftBaseline { Rows = rows, Features = features, Score = Build(null, scores.AsSpan(0, rows)) };
    }
}

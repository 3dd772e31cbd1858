using Ranking.Core.Monitoring;

namespace Ranking.Core.Tests.Monitoring;

public sealed class DriftBaselineTests
{
    private static float[] Uniform(int n, int seed, float shift = 0) { var random = new Random(seed); return [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() + shift)]; }

    private static (long[] Counts, long Missing) Count(Distribution baseline, float[] values)
    {
        var counts = new long[baseline.Shares.Length];
        long missing = 0;
        foreach (var value in values)
        {
            if (float.IsNaN(value))
            {
                missing++;
            }
            else
            {
                counts[Distribution.Bin(baseline.Edges, value)]++;
            }
        }

        return (counts, missing);
    }

    [Fact]
    public void Build_OfUniformValues_HasNineEdgesAndTenthsInEachBin()
    {
        var distribution = DistributionBuilder.Build("x", Uniform(10_000, 1));

        Assert.Equal(9, distribution.Edges.Length);
        Assert.All(distribution.Shares, share => Assert.InRange(share, 0.099, 0.101));
        Assert.Equal(1.0, distribution.Shares.Sum(), 9);
        Assert.Equal(0, distribution.Missing);
        Assert.InRange(distribution.Edges[4], 0.48, 0.52);
    }

    [Fact]
    public void Build_MergesTiedEdges_AndCountsMissingApart()
    {
        // 70% zeros, 10% ones, 20% missing: the deciles collapse to two edges.
        float[] values = [.. Enumerable.Repeat(0f, 70), .. Enumerable.Repeat(1f, 10), .. Enumerable.Repeat(float.NaN, 20)];

        var distribution = DistributionBuilder.Build("likes", values);

        Assert.Equal([0.0, 1.0], distribution.Edges);
        Assert.Equal([70 / 80.0, 10 / 80.0, 0], distribution.Shares);
        Assert.Equal(0.2, distribution.Missing, 12);
    }

    [Fact]
    public void Index_OfTheSameDistribution_IsNearZero_AndOfAShiftedOne_IsOverTheAlarmLevel()
    {
        var baseline = DistributionBuilder.Build("x", Uniform(20_000, 2));

        var (same, sameMissing) = Count(baseline, Uniform(5_000, 3));
        var (shifted, shiftedMissing) = Count(baseline, Uniform(5_000, 4, shift: 0.3f));

        Assert.InRange(PopulationStability.Index(baseline, same, sameMissing), 0, 0.01);
        Assert.True(PopulationStability.Index(baseline, shifted, shiftedMissing) > 0.2);
    }

    [Fact]
    public void Index_SeesMissingValuesAppear()
    {
        var baseline = DistributionBuilder.Build("x", Uniform(10_000, 5));
        var values = Uniform(4_000, 6);
        for (var i = 0; i < values.Length; i += 3)
        {
            values[i] = float.NaN;
        }

        var (counts, missing) = Count(baseline, values);

        Assert.True(PopulationStability.Index(baseline, counts, missing) > 0.2);
    }

    [Fact]
    public void Baseline_OfAMatrix_HasOneDistributionPerColumnAndOneForScores()
    {
        float[] matrix = [1, 10, 2, 20, 3, 30, 4, 40];

        var baseline = DistributionBuilder.Baseline(["a", "b"], matrix, 4, [0.1f, 0.2f, 0.3f, 0.4f]);

        Assert.Equal(["a", "b"], baseline.Features.Select(f => f.Name));
        // With 4 rows the deciles are the values themselves; the bin above the largest is empty in training, and
        // serving values beyond what training saw land there.
        Assert.Equal([1.0, 2.0, 3.0, 4.0], baseline.Features[0].Edges);
        Assert.Equal([10.0, 20.0, 30.0, 40.0], baseline.Features[1].Edges);
        Assert.Equal([0.25, 0.25, 0.25, 0.25, 0], baseline.Features[0].Shares);
        Assert.Equal(4, baseline.Rows);
        Assert.Equal(5, baseline.Score.Shares.Length);
    }
}

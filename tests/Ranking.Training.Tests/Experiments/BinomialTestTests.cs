using Ranking.Training.Experiments;

namespace Ranking.Training.Tests.Experiments;

public sealed class BinomialTestTests
{
    [Theory]
    [InlineData(0, 10, 2.0 / 1024)]
    [InlineData(2, 10, 2 * 56.0 / 1024)]
    [InlineData(8, 10, 2 * 56.0 / 1024)]
    [InlineData(5, 10, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(60, 100, 0.056887933640004)]
    public void TwoSided_MatchesTheExactValues(long k, long n, double expected)
    {
        Assert.Equal(expected, BinomialTest.TwoSided(k, n), 9);
    }

    [Fact]
    public void TwoSided_OfAMillionFlips_DoesNotUnderflow()
    {
        // One and two standard deviations (500) from the mean: the normal approximation's 0.317 and 0.0455.
        Assert.InRange(BinomialTest.TwoSided(500_500, 1_000_000), 0.316, 0.319);
        Assert.InRange(BinomialTest.TwoSided(501_000, 1_000_000), 0.045, 0.046);
        Assert.True(BinomialTest.TwoSided(510_000, 1_000_000) < 1e-80);
    }
}

using Ranking.Core.Scoring;

namespace Ranking.Core.Tests.Scoring;

public sealed class ScoreDifferenceTests
{
    [Fact]
    public void Max_NamesTheWorstRow_InDouble()
    {
        var max = ScoreDifference.Max([1f, 2f, 3f], [1f, 2.5f, 2.75f], out var row);

        Assert.Equal(0.5, max);
        Assert.Equal(1, row);
    }

    [Fact]
    public void Max_NaNOnBothSidesAgrees_NaNOnOneSideIsInfinitelyFar()
    {
        Assert.Equal(0, ScoreDifference.Max([float.NaN, 1f], [float.NaN, 1f], out _));
        Assert.Equal(double.PositiveInfinity, ScoreDifference.Max([1f, 1f], [1f, float.NaN], out var row));
        Assert.Equal(1, row);
    }

    [Fact]
    public void Max_WithFewerActualScores_Throws() =>
        Assert.Throws<ArgumentException>(() => ScoreDifference.Max([1f, 2f], [1f], out _));
}

using Ranking.Core.Evaluation;

namespace Ranking.Core.Tests.Evaluation;

public sealed class RankCorrelationTests
{
    [Fact]
    public void Spearman_OfSameOrder_IsOne() => Assert.Equal(1, RankCorrelation.Spearman([1f, 2f, 3f], [10f, 20f, 35f]), 10);

    [Fact]
    public void Spearman_OfReversedOrder_IsMinusOne() => Assert.Equal(-1, RankCorrelation.Spearman([1f, 2f, 3f, 4f], [4f, 3f, 2f, 1f]), 10);

    [Fact]
    public void Spearman_WithTies_UsesAverageRanks()
    {
        // a ranks 1, 2, 3, 4; b = [1, 2, 2, 3] ranks 1, 2.5, 2.5, 4.
        // mean 2.5: cov = (-1.5)(-1.5) + (-0.5)(0) + (0.5)(0) + (1.5)(1.5) = 4.5; var a = 5, var b = 4.5.
        // rho = 4.5 / sqrt(5 * 4.5) = 0.948683...
        Assert.Equal(0.9486832981, RankCorrelation.Spearman([1f, 2f, 3f, 4f], [1f, 2f, 2f, 3f]), 8);
    }

    [Fact]
    public void Spearman_OfOneItem_IsOne() => Assert.Equal(1, RankCorrelation.Spearman([5f], [1f]));
}

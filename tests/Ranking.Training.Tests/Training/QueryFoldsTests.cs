using Ranking.Training.Training;

namespace Ranking.Training.Tests.Training;

public sealed class QueryFoldsTests
{
    [Fact]
    public void Split_FiveFolds_ValidatesEveryQueryExactlyOnceWithWholeGroups()
    {
        var data = TrainedModels.Train;

        var folds = QueryFolds.Split(data, 5, seed: 3);

        Assert.Equal(5, folds.Count);
        var validated = folds.SelectMany(f => f.Valid.QueryIds).ToList();
        Assert.Equal(data.QueryIds.Order(), validated.Order());
        Assert.All(folds, f => Assert.Equal(data.QueryCount, f.Train.QueryCount + f.Valid.QueryCount));
        Assert.All(folds, f => Assert.Empty(f.Train.QueryIds.Intersect(f.Valid.QueryIds)));
        Assert.InRange(folds.Max(f => f.Valid.QueryCount) - folds.Min(f => f.Valid.QueryCount), 0, 1);
        Assert.All(folds, f => Assert.Equal(data.RowCount, f.Train.RowCount + f.Valid.RowCount));
    }

    [Fact]
    public void Split_SameSeed_SameFolds_OtherSeed_OtherFolds()
    {
        var data = TrainedModels.Train;

        Assert.Equal(QueryFolds.Split(data, 4, seed: 9)[0].Valid.QueryIds, QueryFolds.Split(data, 4, seed: 9)[0].Valid.QueryIds);
        Assert.NotEqual(QueryFolds.Split(data, 4, seed: 9)[0].Valid.QueryIds, QueryFolds.Split(data, 4, seed: 10)[0].Valid.QueryIds);
    }

    [Fact]
    public void Partition_CopiesEachQuerysRowsLabelsAndFeatures()
    {
        var data = TrainedModels.Train;

        var (train, valid) = QueryFolds.Partition(data, static q => q == 1);

        Assert.Equal([data.QueryIds[1]], valid.QueryIds);
        var first = data.GroupSizes[0];
        var size = data.GroupSizes[1];
        Assert.Equal(data.Labels.AsSpan(first, size).ToArray(), valid.Labels);
        Assert.Equal(data.Features.AsSpan(first * data.FeatureCount, size * data.FeatureCount).ToArray(), valid.Features);
        Assert.Equal(data.Features.AsSpan(0, first * data.FeatureCount).ToArray(), train.Features.AsSpan(0, first * data.FeatureCount).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(202)]
    public void Split_FoldCountOutOfRange_NamesTheLimits(int folds)
    {
        var error = Assert.Throws<ArgumentException>(() => QueryFolds.Split(TrainedModels.Train, folds, seed: 1));

        Assert.Equal($"Folds must be between 2 and the 201 queries of the training data, not {folds}.", error.Message);
    }
}

using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Training.Tests.Packaging;

public sealed class TrainingSummariesTests
{
    [Fact]
    public void Create_LambdaRank_RecordsDataStoppingPointAndEveryParameter()
    {
        var options = new LambdaMartOptions { Leaves = 9, LearningRate = 0.03, MinDataInLeaf = 11, EarlyStoppingRounds = 70, MinIterations = 40, TruncationLevel = 12, LabelGain = [0, 1, 3, 7, 15], Seed = 5 };
        var model = new LambdaMartModel("tree", 3, BestIteration: 17, IterationsRun: 87, [0.5, 0.5, 0.5, 0.5], options);
        var (train, valid) = TrainedModels.Carved;

        var summary = TrainingSummaries.Create(model, "svmlight", null, train, valid);

        Assert.Equal((train.RowCount, train.QueryCount, valid.RowCount, valid.QueryCount), (summary.TrainRows, summary.TrainQueries, summary.ValidRows, summary.ValidQueries));
        Assert.Equal((87, 17), (summary.Trees, summary.BestIteration));
        Assert.Equal((9, 0.03, 11, 70, 40, 12, 5), (summary.Leaves, summary.LearningRate, summary.MinDataInLeaf, summary.EarlyStopping, summary.MinIterations, summary.TruncationLevel, summary.Seed));
        Assert.Equal([0, 1, 3, 7, 15], summary.LabelGain!);
        Assert.Equal("LightGBM 4.7.0 (lambdarank)", summary.Library);
    }
}

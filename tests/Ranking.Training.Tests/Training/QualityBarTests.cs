using Ranking.Core.Evaluation;
using Ranking.Training.Data;
using Ranking.Training.LightGbm;
using Ranking.Training.Training;
using Xunit.Abstractions;

namespace Ranking.Training.Tests.Training;

public sealed class QualityBarTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_FiftyTreesOnRankTrain_BeatsLightGbmsPublishedBarOnRankTest()
    {
        // LightGBM's own example: train on rank.train, validate on rank.test, 50 trees; its test asserts
        // NDCG@1 > 0.5674 and NDCG@3 > 0.578 on rank.test.
        var train = SvmLightReader.Read(SharedData.File("rank.train")).Dataset;
        var test = SvmLightReader.Read(SharedData.File("rank.test"), train.FeatureCount).Dataset;

        var model = LambdaMartTrainer.Train(train, test, new LambdaMartOptions { Trees = 50 });
        var scores = new float[test.RowCount];
        using (var predictor = LightGbmPredictor.Load(model.ModelString))
        {
            predictor.Predict(test.Features, test.RowCount, scores);
        }

        var metrics = RankingEvaluator.Evaluate(test.Labels, scores, test.GroupSizes);
        output.WriteLine($"best iteration {model.BestIteration}/{model.IterationsRun}: {metrics}");
        Assert.True(metrics.Ndcg1 > 0.5674, $"NDCG@1 {metrics.Ndcg1}");
        Assert.True(metrics.Ndcg3 > 0.578, $"NDCG@3 {metrics.Ndcg3}");
    }
}

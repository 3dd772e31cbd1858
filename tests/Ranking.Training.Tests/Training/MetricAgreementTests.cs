using Ranking.Core.Evaluation;

namespace Ranking.Training.Tests.Training;

public sealed class MetricAgreementTests
{
    [Fact]
    public void Evaluator_OnTrainerScores_AgreesWithLightGbmsOwnValidationNdcg()
    {
        // LightGBM scores queries without relevant items as 1 and breaks ties by row order, as our default does,
        // so the two NDCG implementations must agree on the best iteration's validation scores.
        var model = TrainedModels.Small;
        var test = TrainedModels.Test;
        var scores = TrainedModels.TestScores(model);

        var metrics = RankingEvaluator.Evaluate(test.Labels, scores, test.GroupSizes);

        Assert.Equal(model.BestValidNdcg[0], metrics.Ndcg1, 1e-4);
        Assert.Equal(model.BestValidNdcg[1], metrics.Ndcg3, 1e-4);
        Assert.Equal(model.BestValidNdcg[2], metrics.Ndcg5, 1e-4);
        Assert.Equal(model.BestValidNdcg[3], metrics.Ndcg10, 1e-4);
    }
}

using Ranking.Core.Evaluation;
using Ranking.Training.LightGbm;

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
        var scores = new float[test.RowCount];
        using (var predictor = LightGbmPredictor.Load(model.ModelString))
        {
            predictor.Predict(test.Features, test.RowCount, scores);
        }

        var metrics = RankingEvaluator.Evaluate(test.Labels, scores, test.GroupSizes);

        Assert.Equal(model.BestValidNdcg[0], metrics.Ndcg1, 1e-4);
        Assert.Equal(model.BestValidNdcg[1], metrics.Ndcg3, 1e-4);
        Assert.Equal(model.BestValidNdcg[2], metrics.Ndcg5, 1e-4);
        Assert.Equal(model.BestValidNdcg[3], metrics.Ndcg10, 1e-4);
    }
}

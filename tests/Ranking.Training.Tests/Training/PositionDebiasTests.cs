using Ranking.Core.Evaluation;
using Ranking.Training.Data;
using Ranking.Training.LightGbm;
using Ranking.Training.Training;

namespace Ranking.Training.Tests.Training;

/// <summary>Position-aware lambdarank on clicks that depend on where the old ranking showed an item.</summary>
public sealed class PositionDebiasTests
{
    private const int Items = 10;

    [Fact]
    public void Train_WithPositionDebias_LearnsTheTrueRelevanceFromPositionBiasedClicks()
    {
        var (train, _) = Clicks(queries: 1500, seed: 1);
        var (valid, _) = Clicks(queries: 300, seed: 2);
        var (test, testTruth) = Clicks(queries: 300, seed: 3);
        var options = new LambdaMartOptions { Trees = 150, EarlyStoppingRounds = 50, PositionDebias = true };

        var model = LambdaMartTrainer.Train(train, valid, options);

        Assert.True(model.Options.PositionDebias);
        var ndcg = TrueNdcg(model, test, testTruth);
        Assert.True(ndcg > 0.9, $"NDCG@10 against the true relevance {ndcg:F3}");
    }

    [Fact]
    public void Train_WithPositionDebiasButNoPositions_SaysItNeedsLoggedData()
    {
        var (train, _) = Clicks(queries: 20, seed: 1);
        var unpositioned = new RankingDataset(train.FeatureNames, train.Features, train.Labels, train.GroupSizes, train.QueryIds);

        var error = Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(unpositioned, unpositioned, new LambdaMartOptions { PositionDebias = true }));

        Assert.Contains("--format logged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithValidationDataWithoutAPositiveLabel_RefusesRatherThanReportNdcgOne()
    {
        var (train, _) = Clicks(queries: 20, seed: 1);
        var (valid, _) = Clicks(queries: 5, seed: 2);
        var unlabelled = new RankingDataset(valid.FeatureNames, valid.Features, new float[valid.RowCount], valid.GroupSizes, valid.QueryIds);

        var error = Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(train, unlabelled, new LambdaMartOptions()));

        Assert.StartsWith("The validation data has no positive label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PositionDebiasWithXeNdcg_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(new LambdaMartOptions { PositionDebias = true, Objective = LambdaMartOptions.RankXeNdcg }.Validate);

        Assert.Equal("PositionDebias needs the lambdarank objective, not 'rank_xendcg'.", error.Message);
    }

    private static double TrueNdcg(LambdaMartModel model, RankingDataset data, float[] truth)
    {
        using var predictor = LightGbmPredictor.Load(model.ModelString);
        var scores = new float[data.RowCount];
        predictor.Predict(data.Features, data.RowCount, scores);
        return RankingEvaluator.Evaluate(truth, scores, data.GroupSizes)["ndcg@10"];
    }

    /// <summary>
    /// Queries of ten items shown in a random order; an item's true grade (0..3) is its first feature rounded, the
    /// second feature is noise. A user examines position p with probability 1/p and clicks an examined item with a
    /// probability that grows with its grade: the labels are clicks, the truth the grades.
    /// </summary>
    private static (RankingDataset Data, float[] Truth) Clicks(int queries, int seed)
    {
        var random = new Random(seed);
        var rows = queries * Items;
        var features = new float[rows * 2];
        var labels = new float[rows];
        var truth = new float[rows];
        var positions = new int[rows];
        for (var q = 0; q < queries; q++)
        {
            var order = Enumerable.Range(1, Items).OrderBy(_ => random.Next()).ToArray();
            for (var i = 0; i < Items; i++)
            {
                var row = q * Items + i;
                var grade = random.Next(4);
                features[row * 2] = grade + (float)(random.NextDouble() - 0.5) * 0.6f;
                features[row * 2 + 1] = (float)random.NextDouble();
                truth[row] = grade;
                positions[row] = order[i];
                var examined = random.NextDouble() < 1.0 / order[i];
                labels[row] = examined && random.NextDouble() < 0.1 + 0.3 * grade ? 1 : 0;
            }
        }

        var data = new RankingDataset(["x", "noise"], features, labels, [.. Enumerable.Repeat(Items, queries)], [.. Enumerable.Range(0, queries).Select(q => $"q{q}")])
        {
            Positions = positions,
        };
        return (data, truth);
    }
}

using Ranking.Training.Data;
using Ranking.Training.Training;

namespace Ranking.Training.Tests.Training;

public sealed class LambdaMartTrainerTests
{
    [Fact]
    public void Train_SameSeed_GivesTheSameModel()
    {
        var options = new LambdaMartOptions { Trees = 5 };

        var first = LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, options);
        var second = LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, options);

        Assert.Equal(first.ModelString, second.ModelString);
    }

    [Fact]
    public void Train_ReportsProgressEveryIteration()
    {
        var reports = new List<TrainingProgress>();

        var model = LambdaMartTrainer.Train(
            TrainedModels.Train, TrainedModels.Test, new LambdaMartOptions { Trees = 4 }, new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.InRange(r.ValidNdcg10, 0, 1));
        Assert.Equal(model.BestIteration, reports[^1].BestIteration);
    }

    [Fact]
    public void Train_ValidationStopsImproving_StopsEarlyAndKeepsBestIteration()
    {
        // A large learning rate overfits this small set within a few trees, so a patience of 3 stops well before 200.
        var model = LambdaMartTrainer.Train(
            TrainedModels.Train, TrainedModels.Test, new LambdaMartOptions { Trees = 200, LearningRate = 0.5, EarlyStoppingRounds = 3 });

        Assert.True(model.IterationsRun < 200, $"ran {model.IterationsRun} iterations");
        Assert.Equal(model.BestIteration + 3, model.IterationsRun);
        Assert.Contains($"Tree={model.BestIteration - 1}\n", model.ModelString, StringComparison.Ordinal);
        Assert.DoesNotContain($"Tree={model.BestIteration}\n", model.ModelString, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithMinIterations_DoesNotStopEarlierButKeepsTheBestIteration()
    {
        // The same run as above stops after a few dozen iterations; it must now run to 60 and still keep its best.
        var stopping = new LambdaMartOptions { Trees = 200, LearningRate = 0.5, EarlyStoppingRounds = 3 };
        var unstopped = LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, stopping);

        var model = LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, stopping with { MinIterations = 60 });

        Assert.True(unstopped.IterationsRun < 60, $"ran {unstopped.IterationsRun} iterations without a minimum");
        Assert.Equal(60, model.IterationsRun);
        Assert.True(model.BestIteration + 3 <= 60);
        Assert.True(model.BestValidNdcg[3] >= unstopped.BestValidNdcg[3]);
    }

    [Fact]
    public void Train_LabelGainShorterThanTheLabels_FailsBeforeTraining()
    {
        // rank.train's labels go up to 4.
        var options = new LambdaMartOptions { Trees = 1, LabelGain = [0, 1, 3] };

        var error = Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, options));

        Assert.StartsWith("LabelGain has 3 entries but the training data has label 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithLabelGain_GrowsOtherTrees()
    {
        // Compared by scores: the model text also lists the parameters, which differ whatever the trees.
        var options = new LambdaMartOptions { Trees = 3, EarlyStoppingRounds = 3 };

        var standard = TrainedModels.TestScores(LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, options));
        var linear = TrainedModels.TestScores(LambdaMartTrainer.Train(TrainedModels.Train, TrainedModels.Test, options with { LabelGain = [0, 1, 2, 3, 4] }));

        Assert.NotEqual(standard, linear);
    }

    [Fact]
    public async Task Train_AlongsideTrainingsWithAnotherLabelGain_GivesTheSameModelAsAlone()
    {
        // LightGBM keeps the NDCG label gains in one process-wide table that each booster overwrites when it starts.
        // Without the trainer's lock this race failed most runs (validation NDCG above 1) and made the quality test flaky.
        var options = new LambdaMartOptions { Trees = 100, EarlyStoppingRounds = 100 };
        var (train, valid) = TrainedModels.Carved;
        var alone = LambdaMartTrainer.Train(train, valid, options);

        var together = Task.Run(() => LambdaMartTrainer.Train(train, valid, options));
        var other = Task.Run(() =>
        {
            // Small boosters (the 40 validation queries alone), started one after another while the other trains.
            for (var i = 0; i < 10; i++)
            {
                LambdaMartTrainer.Train(valid, valid, new LambdaMartOptions { Trees = 1, LabelGain = [0, 10, 20, 30, 40] });
            }
        });
        await Task.WhenAll(together, other);

        // To 1e-12, not to the bit: LightGBM's thread count is process-wide too, a prediction alongside sets 1, and the
        // metric's parallel sum then adds in another order (the trees do not depend on it; the race gave NDCG above 1).
        Assert.All(alone.BestValidNdcg.Zip((await together).BestValidNdcg), pair => Assert.Equal(pair.First, pair.Second, 1e-12));
        Assert.Equal(alone.ModelString, (await together).ModelString);
    }

    [Fact]
    public void Train_FeatureCountsDiffer_Throws()
    {
        var narrow = TrainedModels.Test;
        var train = TrainedModels.Train;
        var wide = new RankingDataset(
            [.. train.FeatureNames, "extra"], new float[train.RowCount * (train.FeatureCount + 1)], train.Labels, train.GroupSizes, train.QueryIds);

        Assert.Throws<ArgumentException>(() => LambdaMartTrainer.Train(wide, narrow, new LambdaMartOptions { Trees = 1 }));
    }

    [Theory]
    [InlineData(0, 0.1, "Trees must be a positive number of trees, not 0.")]
    [InlineData(10, -0.5, "LearningRate must be a positive number, not -0.5.")]
    public void Validate_OutOfRangeOption_NamesIt(int trees, double learningRate, string message)
    {
        var options = new LambdaMartOptions { Trees = trees, LearningRate = learningRate };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void LightGbmParameters_UseInvariantNumbersAndDeterministicSettings()
    {
        var parameters = new LambdaMartOptions { LearningRate = 0.05, Leaves = 15, Seed = 7 }.ToLightGbmParameters();

        Assert.Contains("learning_rate=0.05 ", parameters, StringComparison.Ordinal);
        Assert.Contains("num_leaves=15 ", parameters, StringComparison.Ordinal);
        Assert.Contains("seed=7 deterministic=true force_row_wise=true num_threads=2", parameters, StringComparison.Ordinal);
        Assert.Contains("eval_at=1,3,5,10", parameters, StringComparison.Ordinal);
    }
}

using Ranking.Core.Models;
using Ranking.Training.Data;
using Ranking.Training.Training;

namespace Ranking.Training.Packaging;

/// <summary>The manifest's <c>training</c> section for a trained model: the data it saw and the parameters it ran with.</summary>
public static class TrainingSummaries
{
    private const string Library = "LightGBM 4.7.0";

    public static TrainingSummary Create(LambdaMartModel model, string format, string? surface, RankingDataset train, RankingDataset valid)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        var options = model.Options;
        return new TrainingSummary
        {
            Format = format,
            Surface = surface,
            TrainRows = train.RowCount,
            TrainQueries = train.QueryCount,
            ValidRows = valid.RowCount,
            ValidQueries = valid.QueryCount,
            Trees = model.IterationsRun,
            BestIteration = model.BestIteration,
            Leaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinDataInLeaf = options.MinDataInLeaf,
            EarlyStopping = options.EarlyStoppingRounds,
            MinIterations = options.MinIterations,
            TruncationLevel = options.Objective == LambdaMartOptions.LambdaRank ? options.TruncationLevel : null,
            LabelGain = options.LabelGain,
            PositionDebias = options.PositionDebias ? true : null,
            Seed = options.Seed,
            Library = $"{Library} ({options.Objective})",
        };
    }
}

using Ranking.Training.Data;
using Ranking.Training.LightGbm;

namespace Ranking.Training.Training;

/// <summary>
/// LambdaMART (LightGBM's lambdarank or rank_xendcg objective), trained iteration by iteration with early stopping on
/// validation NDCG@10, never before <see cref="LambdaMartOptions.MinIterations"/>.
/// </summary>
public static class LambdaMartTrainer
{
    /// <summary>
    /// LightGBM keeps NDCG's label gains in one process-wide table (its DCG calculator's statics) that every ranking
    /// booster rewrites when it starts and its NDCG metric reads each iteration; a training alongside another with other
    /// gains measured NDCG above 1 and stopped at the wrong iteration. So trainings in one process take turns.
    /// </summary>
    private static readonly Lock s_labelGainTable = new();

    /// <summary>Where NDCG@10 sits in <see cref="LambdaMartModel.BestValidNdcg"/> (eval_at=1,3,5,10).</summary>
    internal const int Ndcg10Index = 3;

    /// <exception cref="LightGbmException">LightGBM rejected the data or the parameters.</exception>
    public static LambdaMartModel Train(
        RankingDataset train,
        RankingDataset valid,
        LambdaMartOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.FeatureCount != valid.FeatureCount)
        {
            throw new ArgumentException($"The validation set has {valid.FeatureCount} features but the training set {train.FeatureCount}.", nameof(valid));
        }

        if (options.PositionDebias && train.Positions is null)
        {
            throw new ArgumentException("Position debiasing needs the positions the rows were shown at: train from logged impressions (--format logged).", nameof(options));
        }

        if (!valid.Labels.AsSpan().ContainsAnyExcept(0f))
        {
            // Every order of all-zero labels scores NDCG 1: early stopping would keep the first tree, reporting perfection.
            throw new ArgumentException("The validation data has no positive label: it cannot measure a ranking, and early stopping would keep the first tree.", nameof(valid));
        }

        options.ValidateLabels(train.Labels, "training");
        options.ValidateLabels(valid.Labels, "validation");

        lock (s_labelGainTable)
        {
            return TrainAlone(train, valid, options, progress, cancellationToken);
        }
    }

    private static LambdaMartModel TrainAlone(
        RankingDataset train, RankingDataset valid, LambdaMartOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var parameters = options.ToLightGbmParameters();
        using var trainSet = LightGbmDataset.Create(train, parameters, positions: options.PositionDebias ? train.Positions : null);
        using var validSet = LightGbmDataset.Create(valid, parameters, trainSet);
        using var booster = LightGbmBooster.Create(trainSet, parameters);
        booster.AddValidation(validSet);

        var bestIteration = 0;
        IReadOnlyList<double> bestNdcg = [];
        var iteration = 0;
        while (iteration < options.Trees && (iteration < options.MinIterations || iteration - bestIteration < options.EarlyStoppingRounds))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var finished = booster.UpdateOneIteration();
            iteration++;
            var ndcg = booster.GetEval(1);
            if (ndcg.Length <= Ndcg10Index)
            {
                throw new LightGbmException($"LightGBM reported {ndcg.Length} validation metrics; expected ndcg at 1, 3, 5, 10.");
            }

            // Strictly better only: on a plateau the smaller model wins.
            if (bestIteration == 0 || ndcg[Ndcg10Index] > bestNdcg[Ndcg10Index])
            {
                bestIteration = iteration;
                bestNdcg = ndcg;
            }

            progress?.Report(new TrainingProgress(iteration, options.Trees, ndcg[Ndcg10Index], bestIteration, bestNdcg[Ndcg10Index]));
            if (finished)
            {
                break;
            }
        }

        return new LambdaMartModel(booster.SaveModelToString(bestIteration), train.FeatureCount, bestIteration, iteration, bestNdcg, options);
    }
}

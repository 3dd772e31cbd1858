namespace Ranking.Training.Training;

/// <summary>Trains each trial setting on every split and scores it by validation NDCG@10 alone.</summary>
public static class HyperparameterSearch
{
    /// <summary>Runs the trials in order; the same trials, splits and baseline give the same results.</summary>
    /// <param name="baseline">The parameters a setting leaves as they are.</param>
    public static IReadOnlyList<TrialResult> Run(
        IReadOnlyList<TrialSetting> trials,
        LambdaMartOptions baseline,
        IReadOnlyList<TrainValidSplit> splits,
        TimeProvider time,
        IProgress<TuningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(time);
        var results = new List<TrialResult>(trials.Count);
        var searchStarted = time.GetTimestamp();
        foreach (var setting in trials)
        {
            var started = time.GetTimestamp();
            var options = setting.Apply(baseline);
            var models = splits.Select(split => LambdaMartTrainer.Train(split.Train, split.Valid, options, cancellationToken: cancellationToken)).ToArray();
            var result = new TrialResult(
                results.Count + 1,
                setting,
                options,
                [.. models.Select(static m => m.BestValidNdcg[LambdaMartTrainer.Ndcg10Index])],
                [.. models.Select(static m => m.BestIteration)],
                time.GetElapsedTime(started).TotalSeconds);
            results.Add(result);
            progress?.Report(new TuningProgress(results.Count, trials.Count, result, time.GetElapsedTime(searchStarted)));
        }

        return results;
    }

    /// <summary>The highest mean validation NDCG@10; on a tie the earlier trial.</summary>
    public static TrialResult Best(IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Aggregate(static (best, next) => next.MeanNdcg10 > best.MeanNdcg10 ? next : best);
    }
}

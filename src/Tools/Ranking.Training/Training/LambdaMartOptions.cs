using System.Globalization;

namespace Ranking.Training.Training;

/// <summary>LambdaMART hyper-parameters. Training is deterministic for a given seed.</summary>
public sealed class LambdaMartOptions
{
    /// <summary>The maximum number of boosting iterations (one tree each).</summary>
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 31;
    public double LearningRate { get; init; } = 0.1;
    public int MinDataInLeaf { get; init; } = 20;
    public int Seed { get; init; } = 42;
    /// <summary>Stop after this many iterations without a better validation NDCG@10.</summary>
    public int EarlyStoppingRounds { get; init; } = 20;
    public int Threads { get; init; } = 2;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Trees, nameof(Trees));
        ArgumentOutOfRangeException.ThrowIfLessThan(Leaves, 2, nameof(Leaves));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinDataInLeaf, nameof(MinDataInLeaf));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EarlyStoppingRounds, nameof(EarlyStoppingRounds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads, nameof(Threads));
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        }
    }

    /// <summary>LightGBM's parameter string. Determinism needs the fixed seed, deterministic=true and row-wise histograms.</summary>
    internal string ToLightGbmParameters() => string.Create(
        CultureInfo.InvariantCulture,
        $"objective=lambdarank metric=ndcg eval_at=1,3,5,10 num_leaves={Leaves} learning_rate={LearningRate:R} " +
        $"min_data_in_leaf={MinDataInLeaf} seed={Seed} deterministic=true force_row_wise=true num_threads={Threads} verbosity=-1");
}

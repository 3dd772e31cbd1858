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

    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(Trees > 0, nameof(Trees), Trees, "a positive number of trees");
        Require(Leaves >= 2, nameof(Leaves), Leaves, "at least 2 leaves");
        Require(MinDataInLeaf > 0, nameof(MinDataInLeaf), MinDataInLeaf, "a positive row count");
        Require(EarlyStoppingRounds > 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds, "a positive number of iterations");
        Require(Threads > 0, nameof(Threads), Threads, "a positive thread count");
        Require(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), LearningRate, "a positive number");
    }

    /// <summary>LightGBM's parameter string. Determinism needs the fixed seed, deterministic=true and row-wise histograms.</summary>
    internal string ToLightGbmParameters() => string.Create(
        CultureInfo.InvariantCulture,
        $"objective=lambdarank metric=ndcg eval_at=1,3,5,10 num_leaves={Leaves} learning_rate={LearningRate:R} " +
        $"min_data_in_leaf={MinDataInLeaf} seed={Seed} deterministic=true force_row_wise=true num_threads={Threads} verbosity=-1");

    private static void Require(bool valid, string name, double value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be {expected}, not {value}."));
        }
    }
}

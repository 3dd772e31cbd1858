using Ranking.Training.Data;
using Ranking.Training.Training;

namespace Ranking.Training.Tests;

/// <summary>Models trained once on the shared sample and reused by the tests that need one.</summary>
internal static class TrainedModels
{
    private static readonly Lazy<(RankingDataset Train, RankingDataset Test)> s_data = new(() =>
    {
        var train = SvmLightReader.Read(SharedData.File("rank.train")).Dataset;
        var test = SvmLightReader.Read(SharedData.File("rank.test"), train.FeatureCount).Dataset;
        return (train, test);
    });

    private static readonly Lazy<LambdaMartModel> s_small = new(() =>
        LambdaMartTrainer.Train(Train, Test, new LambdaMartOptions { Trees = 30, EarlyStoppingRounds = 30 }));

    public static RankingDataset Train => s_data.Value.Train;

    public static RankingDataset Test => s_data.Value.Test;

    /// <summary>Up to 30 trees on rank.train, validated on rank.test, cut at the best iteration.</summary>
    public static LambdaMartModel Small => s_small.Value;
}

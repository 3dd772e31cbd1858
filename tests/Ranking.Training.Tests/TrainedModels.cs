using Ranking.Training.Data;
using Ranking.Training.LightGbm;
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

    // Every fifth query (qid 5, 10, ...: query index 4, 9, ...), the README's measurement split (scripts/measure-defaults.sh).
    private static readonly Lazy<TrainValidSplit> s_carved = new(() => QueryFolds.Partition(Train, static q => q % 5 == 4));

    private static readonly Lazy<LambdaMartModel> s_small = new(() => TrainSmall(LambdaMartOptions.LambdaRank));

    private static readonly Lazy<LambdaMartModel> s_smallXeNdcg = new(() => TrainSmall(LambdaMartOptions.RankXeNdcg));

    public static RankingDataset Train => s_data.Value.Train;

    public static RankingDataset Test => s_data.Value.Test;

    /// <summary>rank.train split by query into 161 training and 40 validation queries; rank.test stays unseen.</summary>
    public static TrainValidSplit Carved => s_carved.Value;

    /// <summary>Up to 30 trees on rank.train, validated on rank.test, cut at the best iteration.</summary>
    public static LambdaMartModel Small => s_small.Value;

    /// <summary>As <see cref="Small"/>, with the rank_xendcg objective.</summary>
    public static LambdaMartModel SmallXeNdcg => s_smallXeNdcg.Value;

    public static LambdaMartModel SmallFor(string objective) => objective == LambdaMartOptions.RankXeNdcg ? SmallXeNdcg : Small;

    /// <summary>LightGBM's own scores for rank.test's rows.</summary>
    public static float[] TestScores(LambdaMartModel model)
    {
        var scores = new float[Test.RowCount];
        using var predictor = LightGbmPredictor.Load(model.ModelString);
        predictor.Predict(Test.Features, Test.RowCount, scores);
        return scores;
    }

    private static LambdaMartModel TrainSmall(string objective) =>
        LambdaMartTrainer.Train(Train, Test, new LambdaMartOptions { Objective = objective, Trees = 30, EarlyStoppingRounds = 30 });
}

using Ranking.Core.Features;
using Ranking.Training.Data;
using Ranking.Training.Marketplace;
using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Cli.Simulation;

/// <summary>
/// The simulation's first live model: LambdaMART on the sample's legacy logs that may split on <c>likes</c> only, so
/// it ranks by popularity. It still takes the surface's whole feature list, so serve computes and logs every feature
/// and the models trained from its logs can use them all.
/// </summary>
internal static class PopularityModel
{
    public const string Feature = "likes";

    public static void Write(string dataDirectory, string surface, string name, string directory, LambdaMartOptions options, DateTimeOffset now)
    {
        var split = MarketplaceDatasets.Load(dataDirectory, surface);
        var keep = split.Train.FeatureNames.ToList().IndexOf(Feature);
        if (keep < 0)
        {
            throw new InvalidDataException($"the {surface} features have no '{Feature}' column to rank by popularity");
        }

        // Every other column constant: LightGBM cannot split on it, so the trees see popularity alone. Scores of the
        // unmasked rows are then the same, which is why the package keeps the real rows for its holdout and baseline.
        var model = LambdaMartTrainer.Train(Masked(split.Train, keep), Masked(split.Valid, keep), options);
        var request = ModelPackageRequest.For(name, "1", split.Features, model, "marketplace", surface, (split.Train, split.Valid, split.Test), split.PopularityBaseline, now);
        ModelPackageWriter.Write(request, directory);
    }

    private static RankingDataset Masked(RankingDataset data, int keep)
    {
        var width = data.FeatureCount;
        var features = new float[data.Features.Length];
        for (var row = 0; row < data.RowCount; row++)
        {
            features[(row * width) + keep] = data.Features[(row * width) + keep];
        }

        return new RankingDataset(data.FeatureNames, features, data.Labels, data.GroupSizes, data.QueryIds);
    }
}

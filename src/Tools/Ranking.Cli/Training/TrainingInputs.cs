using System.Globalization;
using Ranking.Core.Features;
using Ranking.Training.Data;
using Ranking.Training.Marketplace;

namespace Ranking.Cli.Training;

/// <summary>What <c>train</c> reads from one input format: the data sets, the features they fill and how to name the model.</summary>
internal sealed record TrainingInputs(
    string Format,
    string? Surface,
    string DefaultName,
    IReadOnlyList<FeatureSpec> Features,
    RankingDataset Train,
    RankingDataset Valid,
    RankingDataset Holdout,
    Dictionary<string, double>? Baseline)
{
    public const string SvmLight = "svmlight";
    public const string Marketplace = "marketplace";

    /// <param name="notes">Told about validation values the training set has no feature for.</param>
    public static TrainingInputs FromSvmLight(string trainPath, string validPath, TextWriter notes)
    {
        var train = SvmLightReader.Read(trainPath).Dataset;
        var valid = SvmLightReader.Read(validPath, train.FeatureCount);
        if (valid.IgnoredValues > 0)
        {
            notes.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"note: {valid.IgnoredValues} values in {Path.GetFileName(validPath)} have feature ids above {train.FeatureCount} (the training set's) and were ignored"));
        }

        return new TrainingInputs(SvmLight, null, "svmlight-ltr", SvmLightFeatures.Specs(train.FeatureNames), train, valid.Dataset, valid.Dataset, null);
    }

    public static TrainingInputs FromMarketplace(string dataDir, string surface)
    {
        var split = MarketplaceDatasets.Load(dataDir, surface);
        return new TrainingInputs(Marketplace, surface, $"{surface}-ltr", split.Features, split.Train, split.Valid, split.Test, split.PopularityBaseline);
    }
}

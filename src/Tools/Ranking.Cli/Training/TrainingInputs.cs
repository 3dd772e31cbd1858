using System.Globalization;
using Ranking.Core.Features;
using Ranking.Training.Data;
using Ranking.Training.Features;
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
    public const string Logged = LoggedDatasets.Format;

    /// <param name="featuresPath">A feature file naming the columns f1..fN, or null for f1..fN supplied per candidate.</param>
    /// <param name="notes">Told about validation values the training set has no feature for.</param>
    public static TrainingInputs FromSvmLight(string trainPath, string validPath, string? featuresPath, TextWriter notes)
    {
        var train = SvmLightReader.Read(trainPath).Dataset;
        var features = SvmLightFeatures.Specs(train.FeatureNames);
        if (featuresPath is not null)
        {
            features = FeatureFile.Read(featuresPath);
            train = SvmLightFeatures.Named(train, features, Path.GetFileName(trainPath));
        }

        var valid = SvmLightReader.Read(validPath, train.FeatureCount);
        if (valid.IgnoredValues > 0)
        {
            notes.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"note: {valid.IgnoredValues} values in {Path.GetFileName(validPath)} have feature ids above {train.FeatureCount} (the training set's) and were ignored"));
        }

        var holdout = featuresPath is null ? valid.Dataset : SvmLightFeatures.Named(valid.Dataset, features, Path.GetFileName(validPath));
        return new TrainingInputs(SvmLight, null, "svmlight-ltr", features, train, holdout, holdout, null);
    }

    /// <param name="featuresPath">A feature file, or null for the surface's default (<c>samples/features/{surface}.json</c>).</param>
    public static TrainingInputs FromMarketplace(string dataDir, string surface, string? featuresPath)
    {
        var split = MarketplaceDatasets.Load(dataDir, surface, featuresPath is null ? null : FeatureFile.Read(featuresPath));
        return new TrainingInputs(Marketplace, surface, $"{surface}-ltr", split.Features, split.Train, split.Valid, split.Test, split.PopularityBaseline);
    }

    /// <param name="surface">The surface to read, or null for the data's only one.</param>
    /// <param name="featuresPath">A feature file, or null for the surface's default (<c>samples/features/{surface}.json</c>).</param>
    public static TrainingInputs FromLogged(string dataPath, string? surface, string? featuresPath)
    {
        var split = LoggedDatasets.Load(dataPath, surface, featuresPath is null ? null : FeatureFile.Read(featuresPath));
        return new TrainingInputs(Logged, split.Surface, $"{split.Surface}-ltr", split.Features, split.Train, split.Valid, split.Holdout, null);
    }
}

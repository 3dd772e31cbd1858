using System.Globalization;
using Ranking.Core.Features;

namespace Ranking.Training.Data;

/// <summary>
/// The manifest features of an SVMlight model: by default <c>f1..fN</c>, supplied by the request per candidate,
/// default 0; or the columns named by a feature file.
/// </summary>
public static class SvmLightFeatures
{
    public static IReadOnlyList<FeatureSpec> Specs(IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        var specs = new FeatureSpec[featureNames.Count];
        for (var i = 0; i < specs.Length; i++)
        {
            specs[i] = new FeatureSpec { Name = featureNames[i], Source = FeatureSource.Candidate, Field = featureNames[i], Default = 0 };
        }

        return specs;
    }

    /// <summary>
    /// <paramref name="data"/> (read with as many columns as its largest feature id) with its columns named by
    /// <paramref name="features"/>, column f1 by the first. Both must have the same width: a column the data never fills
    /// or a value no feature names is a mismatch, not something to pad or drop.
    /// </summary>
    /// <param name="dataName">The data file, named in error messages.</param>
    /// <exception cref="InvalidDataException">The widths differ; the message names the first feature or column without a partner.</exception>
    public static RankingDataset Named(RankingDataset data, IReadOnlyList<FeatureSpec> features, string dataName)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(features);
        if (data.FeatureCount < features.Count)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"features[{data.FeatureCount}] ('{features[data.FeatureCount].Name}'): {dataName} has no values for its column f{data.FeatureCount + 1} (its largest feature id is {data.FeatureCount})."));
        }

        if (data.FeatureCount > features.Count)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{dataName} has values for feature ids up to {data.FeatureCount}, and the feature file names {features.Count}: column f{features.Count + 1} has no name."));
        }

        var names = new string[features.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = features[i].Name;
        }

        return new RankingDataset(names, data.Features, data.Labels, data.GroupSizes, data.QueryIds);
    }
}

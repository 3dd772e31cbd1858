using Ranking.Core.Features;

namespace Ranking.Training.Data;

/// <summary>The manifest features of an SVMlight model: <c>f1..fN</c>, supplied by the request per candidate, default 0.</summary>
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
}

using System.Text.Json.Serialization;

namespace Ranking.Core.Features;

/// <summary>One model input, as declared in a model manifest. The order of a manifest's features is the column order.</summary>
public sealed class FeatureSpec
{
    public required string Name { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<FeatureSource>))]
    public required FeatureSource Source { get; init; }

    /// <summary>The key read by the source: a candidate feature, attribute, context key, affinity kind, or <c>item.x</c>/<c>user.x</c>/<c>context.x</c> for one-hot.</summary>
    public string? Field { get; init; }

    /// <summary>For one-hot: the categorical value that gives 1.</summary>
    public string? Value { get; init; }

    /// <summary>Used whenever the source has no value (missing item, attribute, user, ...).</summary>
    public double Default { get; init; }

    /// <summary>Optional transform applied after lookup (and to the default): <c>log1p</c>.</summary>
    public string? Transform { get; init; }
}

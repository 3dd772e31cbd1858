using Ranking.Core.Features;

namespace Ranking.Training.Features;

/// <summary>
/// Whether a data set's columns are a model's inputs: the same names in the same order. A model scores columns by
/// position, so data whose columns mean something else still yields plausible scores; only the names can tell.
/// </summary>
public static class FeatureAlignment
{
    /// <summary>The first difference between the data's and the model's features, or null when they agree.</summary>
    public static string? Problem(IReadOnlyList<string> data, IReadOnlyList<FeatureSpec> model)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        var common = Math.Min(data.Count, model.Count);
        for (var i = 0; i < common; i++)
        {
            if (!string.Equals(data[i], model[i].Name, StringComparison.Ordinal))
            {
                return $"feature {i + 1} is '{data[i]}' in the data but '{model[i].Name}' in the model";
            }
        }

        return data.Count == model.Count
            ? null
            : data.Count < model.Count
                ? $"the data has {data.Count} features and the model {model.Count}: the data has no '{model[common].Name}' (feature {common + 1})"
                : $"the data has {data.Count} features and the model {model.Count}: the model has no '{data[common]}' (feature {common + 1})";
    }
}

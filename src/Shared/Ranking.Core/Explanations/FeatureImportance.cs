using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Explanations;

/// <summary>
/// Global feature importance of a tree ensemble: per feature, how many splits use it and, when the trainer's model
/// says, the loss reduction (gain) those splits made in training.
/// </summary>
public sealed class FeatureImportance
{
    private FeatureImportance(int[] splits, double[]? gain)
    {
        Splits = splits;
        Gain = gain;
    }

    /// <summary>Splits per feature, by feature index.</summary>
    public int[] Splits { get; }

    /// <summary>Total <c>split_gain</c> per feature, or null when only the ONNX trees were read (they carry no gain).</summary>
    public double[]? Gain { get; }

    /// <summary>From LightGBM's text model: its <c>split_gain</c> and split counts (LightGBM's own importance types).</summary>
    /// <exception cref="InvalidDataException">A split on a feature at or past <paramref name="featureCount"/>.</exception>
    public static FeatureImportance FromTrainerModel(LightGbmModelText model, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        var splits = new int[featureCount];
        var gain = new double[featureCount];
        foreach (var tree in model.Trees)
        {
            for (var i = 0; i < tree.Splits; i++)
            {
                var feature = tree.SplitFeature[i];
                if ((uint)feature >= (uint)featureCount)
                {
                    throw new InvalidDataException($"lightgbm.txt splits on feature {feature}, outside the {featureCount} the manifest declares.");
                }

                splits[feature]++;
                gain[feature] += tree.SplitGain[i];
            }
        }

        return new FeatureImportance(splits, gain);
    }

    /// <summary>From the ONNX trees alone: split counts, no gain.</summary>
    /// <exception cref="InvalidDataException">The model is not a tree ensemble the native scorer reads; the message says why.</exception>
    public static FeatureImportance FromOnnx(byte[] onnx, string input, string output, int featureCount)
    {
        if (!TreeEnsembleReader.TryRead(OnnxGraph.Parse(onnx), input, output, featureCount, out var definition, out var reason))
        {
            throw new InvalidDataException($"the ONNX model is not a tree ensemble this reads: {reason}.");
        }

        var splits = new int[featureCount];
        foreach (var tree in definition.Trees)
        {
            foreach (var node in tree)
            {
                if (!node.IsLeaf)
                {
                    splits[node.Feature]++;
                }
            }
        }

        return new FeatureImportance(splits, null);
    }
}

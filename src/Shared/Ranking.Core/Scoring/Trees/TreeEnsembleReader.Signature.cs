using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

internal static partial class TreeEnsembleReader
{
    /// <summary>
    /// The checks <see cref="OnnxScorer"/> makes on ONNX Runtime's session metadata, made on the graph's declarations
    /// instead, with the same messages: a tree model served natively never loads ONNX Runtime, and a manifest that does
    /// not fit its model must still fail at load. A declared input is float[N, F] with F the manifest's feature count
    /// (or symbolic). Undeclared element types or shapes are left to the ensemble's own checks (feature ids within the
    /// manifest's count).
    /// </summary>
    /// <returns>The output, for <see cref="CheckOutput"/> once the ensemble is known to give one score per row.</returns>
    /// <exception cref="InvalidDataException">The input or output is missing, or the input is declared with another type or width.</exception>
    private static OnnxValue CheckSignature(OnnxGraph graph, string input, string output, int featureCount)
    {
        var inputValue = graph.Inputs.Find(v => v.Name == input)
            ?? throw new InvalidDataException($"The model has no input '{input}' (it has: {string.Join(", ", graph.Inputs)}).");
        var outputValue = graph.Outputs.Find(v => v.Name == output)
            ?? throw new InvalidDataException($"The model has no output '{output}' (it has: {string.Join(", ", graph.Outputs)}).");

        if (inputValue.ElementType is not (0 or OnnxValue.Float) || inputValue.Dimensions is { Length: not 2 })
        {
            throw new InvalidDataException($"Input '{input}' must be float[N, F].");
        }

        if (inputValue.Dimensions is [_, > 0 and var width] && width != featureCount)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Input '{input}' takes {width} features but the manifest declares {featureCount}."));
        }

        return outputValue;
    }

    /// <summary>An ensemble with one target whose output is still declared otherwise than float[N] or float[N, 1].</summary>
    /// <exception cref="InvalidDataException">The output's declared type or shape is not one score per row.</exception>
    private static void CheckOutput(OnnxValue output)
    {
        if (output.ElementType is not (0 or OnnxValue.Float) || output.Dimensions is not (null or { Length: 1 } or [_, 1 or <= 0]))
        {
            throw new InvalidDataException($"Output '{output.Name}' must be float[N] or float[N, 1].");
        }
    }
}

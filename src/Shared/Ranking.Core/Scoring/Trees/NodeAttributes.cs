using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ranking.Core.Scoring.Trees;

/// <summary>A node's attributes by name, with ONNX Runtime's defaults for the absent ones.</summary>
internal sealed class NodeAttributes(OnnxNode node)
{
    private static readonly List<long> s_noInts = [];
    private static readonly List<string> s_noStrings = [];

    public long Int(string name, long fallback) => node.Attributes.TryGetValue(name, out var a) ? a.I : fallback;

    public string Text(string name, string fallback) => node.Attributes.TryGetValue(name, out var a) ? a.S : fallback;

    public List<long> Ints(string name) => node.Attributes.TryGetValue(name, out var a) ? a.Ints : s_noInts;

    public List<string> Strings(string name) => node.Attributes.TryGetValue(name, out var a) ? a.Strings : s_noStrings;

    /// <summary>
    /// The float list <paramref name="name"/>, or its <c>_as_tensor</c> form. A tensor of another element type (double)
    /// is not representable: ONNX Runtime would compare and sum in that type, not in float32.
    /// </summary>
    /// <exception cref="InvalidDataException">Both forms are given (ONNX Runtime refuses that model).</exception>
    public bool TryFloats(string name, [NotNullWhen(true)] out List<float>? values, [NotNullWhen(false)] out string? reason)
    {
        var tensorName = name + "_as_tensor";
        var hasList = node.Attributes.TryGetValue(name, out var list) && list.Floats.Count > 0;
        if (!node.Attributes.TryGetValue(tensorName, out var tensor))
        {
            values = hasList ? list!.Floats : [];
            reason = null;
            return true;
        }

        if (hasList)
        {
            throw new InvalidDataException($"The tree ensemble gives both {name} and {tensorName}.");
        }

        if (tensor.TensorType != OnnxAttribute.FloatTensor)
        {
            values = null;
            reason = string.Create(CultureInfo.InvariantCulture,
                $"{tensorName} has element type {tensor.TensorType}, not float; ONNX Runtime computes such an ensemble in that type");
            return false;
        }

        values = tensor.TensorFloats;
        reason = null;
        return true;
    }
}

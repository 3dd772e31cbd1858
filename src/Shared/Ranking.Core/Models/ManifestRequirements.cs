using System.Buffers;

namespace Ranking.Core.Models;

/// <summary>
/// What a manifest must hold before anything loads its model: a name, a version, features, and the ONNX tensor
/// names and sha256. JSON lets an explicit null through for a required member, so whoever takes a manifest from
/// outside asks here first: the publisher before uploading, the refresh in its manifest gate.
/// </summary>
public static class ManifestRequirements
{
    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>What is missing or malformed, naming the field; null when the manifest is complete.</summary>
    public static string? Problem(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (string.IsNullOrWhiteSpace(manifest.Name) || string.IsNullOrWhiteSpace(manifest.Version))
        {
            return "the manifest needs a name and a version";
        }

        if (manifest.Features is not { Count: > 0 } features)
        {
            return "the manifest needs features";
        }

        for (var i = 0; i < features.Count; i++)
        {
            if (features[i] is null || string.IsNullOrEmpty(features[i].Name))
            {
                return $"features[{i}] needs a name";
            }
        }

        if (manifest.Onnx is not { } onnx || string.IsNullOrEmpty(onnx.Input) || string.IsNullOrEmpty(onnx.Output))
        {
            return "the manifest needs onnx input and output names";
        }

        return onnx.Sha256 is { Length: 64 } sha256 && !sha256.AsSpan().ContainsAnyExcept(s_hexDigits)
            ? null
            : "onnx.sha256 must be 64 hex digits";
    }
}

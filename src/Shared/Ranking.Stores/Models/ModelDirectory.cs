using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Core.Ranking;

namespace Ranking.Stores.Models;

/// <summary>
/// Model packages in a local folder laid out <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/manifest.json</c>;
/// the newest version of a name (in <see cref="ModelVersionOrder"/>) is the one served.
/// </summary>
public static class ModelDirectory
{
    /// <summary>The folder of the newest version of <paramref name="name"/> that has a manifest, or null.</summary>
    public static string? FindLatest(string root, string name)
    {
        var modelRoot = Path.Combine(root, name);
        if (!Directory.Exists(modelRoot))
        {
            return null;
        }

        string? best = null;
        foreach (var dir in Directory.EnumerateDirectories(modelRoot))
        {
            if (File.Exists(Path.Combine(dir, ModelManifest.FileName)) && (best is null || ModelVersionOrder.Compare(Path.GetFileName(dir), Path.GetFileName(best)) > 0))
            {
                best = dir;
            }
        }

        return best;
    }

    /// <summary>Loads and verifies a model package folder.</summary>
    /// <exception cref="InvalidDataException">Anything wrong with the package; the message says what.</exception>
    public static RankingModel Load(string packageDir)
    {
        var manifestPath = Path.Combine(packageDir, ModelManifest.FileName);
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), CoreJsonContext.Default.ModelManifest)
                ?? throw new InvalidDataException($"{manifestPath} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath} is not a valid manifest: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{manifestPath} cannot be read: {e.Message}", e);
        }

        var onnxPath = Path.Combine(packageDir, manifest.Onnx.File);
        byte[] onnx;
        try
        {
            onnx = File.ReadAllBytes(onnxPath);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{onnxPath} cannot be read: {e.Message}", e);
        }

        return RankingModel.Create(manifest, onnx);
    }

    /// <summary><see cref="ModelVersionOrder.Compare"/>, which defines the order; kept for callers that still name it here.</summary>
    public static int CompareVersions(string a, string b) => ModelVersionOrder.Compare(a, b);
}

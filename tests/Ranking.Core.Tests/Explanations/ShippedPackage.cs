using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Explanations;

/// <summary>A model package under <c>samples/models/&lt;name&gt;/&lt;version&gt;</c>, read for explanation tests.</summary>
internal sealed record ShippedPackage(string Folder, ModelManifest Manifest, byte[] Onnx, byte[] TrainerModel, byte[] HoldoutBytes, Holdout Holdout)
{
    /// <summary>Every shipped package, as <c>name/version</c>: a model added to the samples is tested without editing this.</summary>
    public static IReadOnlyList<string> All()
    {
        var root = Path.Combine(RepoRoot.Find(), "samples", "models");
        return [.. Directory.EnumerateFiles(root, ModelManifest.FileName, SearchOption.AllDirectories)
            .Select(manifest => Path.GetRelativePath(root, Path.GetDirectoryName(manifest)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }

    public static ShippedPackage Read(string package)
    {
        var folder = Path.Combine(RepoRoot.Find(), "samples", "models", package);
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, ModelManifest.FileName)), CoreJsonContext.Default.ModelManifest)!;
        var holdout = File.ReadAllBytes(Path.Combine(folder, manifest.Holdout!.File));
        return new ShippedPackage(
            folder,
            manifest,
            File.ReadAllBytes(Path.Combine(folder, manifest.Onnx.File)),
            File.ReadAllBytes(Path.Combine(folder, manifest.TrainerModel!.File)),
            holdout,
            Holdout.Parse(holdout, manifest.Holdout.File));
    }
}

using Ranking.Core.Models;
using Ranking.Core.Ranking;

namespace Ranking.Stores.Models;

/// <summary>
/// Model packages in a local folder laid out <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/manifest.json</c>;
/// the newest version of a name (in <see cref="ModelVersionOrder"/>) is the one served. Errors name files relative to the root
/// (<c>feed-ltr/2/manifest.json</c>): they reach health answers, which must not reveal the host's paths.
/// </summary>
public static class ModelDirectory
{
    /// <summary>The versions of <paramref name="name"/> that have a manifest, newest first.</summary>
    public static IReadOnlyList<string> Versions(string root, string name)
    {
        var modelRoot = Path.Combine(root, name);
        if (!Directory.Exists(modelRoot))
        {
            return [];
        }

        var versions = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(modelRoot))
        {
            if (File.Exists(Path.Combine(dir, ModelManifest.FileName)))
            {
                versions.Add(Path.GetFileName(dir));
            }
        }

        versions.Sort((a, b) => ModelVersionOrder.Compare(b, a));
        return versions;
    }

    /// <summary>The package's raw files, unverified: validation gates check them one by one and say which failed.</summary>
    /// <exception cref="InvalidDataException">The manifest or a file it names is missing, unreadable or does not parse.</exception>
    public static ModelPackageFiles Read(string root, string name, string version)
    {
        var manifest = ReadManifest(root, name, version);
        var onnx = ReadFile(root, name, version, manifest.Onnx.File);
        var holdout = manifest.Holdout is { } file ? ReadFile(root, name, version, file.File) : null;
        return new ModelPackageFiles(manifest, onnx, holdout);
    }

    /// <summary>Loads and verifies (sha256, shapes) one version.</summary>
    /// <exception cref="InvalidDataException">Anything wrong with the package; the message says what, naming the file.</exception>
    public static RankingModel Load(string root, string name, string version)
    {
        var manifest = ReadManifest(root, name, version);
        var onnx = ReadFile(root, name, version, manifest.Onnx.File);
        return PackageContents.Build(manifest, onnx, Relative(name, version, manifest.Onnx.File));
    }

    /// <summary>Loads the package in <paramref name="packageDir"/> (<c>.../&lt;name&gt;/&lt;version&gt;</c>).</summary>
    public static RankingModel Load(string packageDir)
    {
        var full = Path.GetFullPath(packageDir).TrimEnd(Path.DirectorySeparatorChar);
        var modelDir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{packageDir} is not <root>/<name>/<version>.", nameof(packageDir));
        return Load(Path.GetDirectoryName(modelDir) ?? modelDir, Path.GetFileName(modelDir), Path.GetFileName(full));
    }

    private static ModelManifest ReadManifest(string root, string name, string version) =>
        PackageContents.ParseManifest(ReadFile(root, name, version, ModelManifest.FileName), Relative(name, version, ModelManifest.FileName));

    private static byte[] ReadFile(string root, string name, string version, string file)
    {
        PackageContents.FileName(file, Relative(name, version, ModelManifest.FileName));
        try
        {
            return File.ReadAllBytes(Path.Combine(root, name, version, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{Relative(name, version, file)} cannot be read: {(e is FileNotFoundException ? "it is missing" : e.GetType().Name)}.", e);
        }
    }

    private static string Relative(string name, string version, string file) => $"{name}/{version}/{file}";
}

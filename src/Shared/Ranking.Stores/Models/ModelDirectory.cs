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
    public static ModelPackageFiles Read(string root, string name, string version) => Package.In(root, name, version).ReadFiles();

    /// <summary>
    /// The raw files of the package in <paramref name="packageDir"/>, a folder someone named (the CLI's <c>--model</c>),
    /// unverified as <see cref="Read(string, string, string)"/>'s; errors name its files by that path.
    /// </summary>
    /// <exception cref="InvalidDataException">The manifest or a file it names is missing, unreadable or does not parse.</exception>
    public static ModelPackageFiles Read(string packageDir) => new Package(packageDir, packageDir.TrimEnd('/')).ReadFiles();

    /// <summary>Loads and verifies (sha256, shapes) one version.</summary>
    /// <exception cref="InvalidDataException">Anything wrong with the package; the message says what, naming the file.</exception>
    public static RankingModel Load(string root, string name, string version) => Package.In(root, name, version).Load();

    /// <summary>
    /// Loads the package in <paramref name="packageDir"/>, a folder someone named (the CLI's <c>--model</c>): errors
    /// name its files by that path, which the caller already knows, rather than relative to a models folder.
    /// </summary>
    /// <exception cref="InvalidDataException">Anything wrong with the package; the message says what, naming the file.</exception>
    public static RankingModel Load(string packageDir) => new Package(packageDir, packageDir.TrimEnd('/')).Load();

    /// <summary>One package folder, the name its files go by in messages, and in a models folder the name and version its place says.</summary>
    private readonly record struct Package(string Folder, string Shown, (string Name, string Version)? Place = null)
    {
        public static Package In(string root, string name, string version) => new(Path.Combine(root, name, version), $"{name}/{version}", (name, version));

        public RankingModel Load()
        {
            var manifest = ReadManifest();
            return PackageContents.Build(manifest, Read(manifest.Onnx.File), TrainerModel(manifest), Name(manifest.Onnx.File));
        }

        public ModelPackageFiles ReadFiles()
        {
            var manifest = ReadManifest();
            var onnx = Read(manifest.Onnx.File);
            var holdout = manifest.Holdout is { } file ? Read(file.File) : null;
            return new ModelPackageFiles(manifest, onnx, holdout) { TrainerModel = TrainerModel(manifest) };
        }

        /// <summary>The trainer's model for explanations; a package without one (or with an unreadable one) still loads.</summary>
        private byte[]? TrainerModel(ModelManifest manifest)
        {
            try
            {
                return manifest.TrainerModel is { } file ? Read(file.File) : null;
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        /// <remarks>
        /// In a models folder the manifest must say the version its folder does: a host compares the folder name with
        /// the version it serves, and a mismatch would be loaded again at every poll, and logged under the wrong version.
        /// </remarks>
        public ModelManifest ReadManifest()
        {
            var manifest = PackageContents.ParseManifest(Read(ModelManifest.FileName), Name(ModelManifest.FileName));
            if (Place is { } place && (manifest.Name != place.Name || manifest.Version != place.Version))
            {
                throw new InvalidDataException(
                    $"{Name(ModelManifest.FileName)} says {manifest.Name} version {manifest.Version}, but its folder is {place.Name}/{place.Version}: train or publish it with --name {place.Name} --version {place.Version}.");
            }

            return manifest;
        }

        public byte[] Read(string file)
        {
            PackageContents.FileName(file, Name(ModelManifest.FileName));
            try
            {
                return File.ReadAllBytes(Path.Combine(Folder, file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{Name(file)} cannot be read: {(e is FileNotFoundException ? "it is missing" : e.GetType().Name)}.", e);
            }
        }

        private string Name(string file) => $"{Shown}/{file}";
    }
}

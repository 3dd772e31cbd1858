using Ranking.Stores.Models;

namespace Ranking.Stores.Tests.Models;

public sealed class ModelDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("models-").FullName;

    [Fact]
    public void Versions_AreNewestFirst_ComparingEveryDigitRunAsANumber_AndSkipFoldersWithoutManifest()
    {
        foreach (var version in new[] { "v9", "v10", "v1.10" })
        {
            var dir = Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", version)).FullName;
            File.WriteAllText(Path.Combine(dir, "manifest.json"), "{}");
        }

        // An unfinished copy: newest by name, but without a manifest it is not a package.
        Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", "v11"));

        Assert.Equal(["v10", "v9", "v1.10"], ModelDirectory.Versions(_root, "feed-ltr"));
    }

    [Fact]
    public void Versions_WithoutTheModelsFolder_AreEmpty() =>
        Assert.Empty(ModelDirectory.Versions(_root, "missing"));

    [Fact]
    public void Load_WithABadManifest_NamesTheFileRelativeToTheRoot()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", "2")).FullName;
        File.WriteAllText(Path.Combine(dir, "manifest.json"), "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(_root, "feed-ltr", "2"));

        Assert.StartsWith("feed-ltr/2/manifest.json is not a valid manifest", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithAManifestNamingAFileOutsideThePackage_RefusesIt()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", "1")).FullName;
        var sample = File.ReadAllText(Path.Combine(Ranking.Testing.Loopback.RepoRoot.Find(), "samples", "models", "feed-ltr", "1", "manifest.json"));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), sample.Replace("\"file\": \"model.onnx\"", "\"file\": \"../../secret\"", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => ModelDirectory.Read(_root, "feed-ltr", "1"));

        Assert.Contains("which is not a file of the package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AManifestOfAnotherVersionThanItsFolder_RefusesIt()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", "5")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Ranking.Testing.Loopback.RepoRoot.Find(), "samples", "models", "feed-ltr", "1")))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        var error = Assert.Throws<InvalidDataException>(() => ModelDirectory.Read(_root, "feed-ltr", "5"));

        Assert.Equal("feed-ltr/5/manifest.json says feed-ltr version 1, but its folder is feed-ltr/5: train or publish it with --name feed-ltr --version 5.", error.Message);
    }

    [Fact]
    public void Read_APackageFolder_GivesTheManifestOnnxAndHoldoutBytes()
    {
        var package = Path.Combine(Ranking.Testing.Loopback.RepoRoot.Find(), "samples", "models", "feed-ltr", "1");

        var files = ModelDirectory.Read(package);

        Assert.Equal("feed-ltr", files.Manifest.Name);
        Assert.Equal(File.ReadAllBytes(Path.Combine(package, "model.onnx")), files.Onnx);
        Assert.Equal(File.ReadAllBytes(Path.Combine(package, "holdout.jsonl")), files.Holdout);
    }

    [Fact]
    public void Read_AFolderWithoutManifest_NamesTheManifestByTheFoldersPath()
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelDirectory.Read(_root + "/"));

        Assert.Equal($"{_root}/manifest.json cannot be read: it is missing.", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Load_WithAnExplicitNullForARequiredPart_NamesTheProblem()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", "4")).FullName;
        var sample = File.ReadAllText(Path.Combine(Ranking.Testing.Loopback.RepoRoot.Find(), "samples", "models", "feed-ltr", "1", "manifest.json"));
        var onnx = sample.IndexOf("\"onnx\": {", StringComparison.Ordinal);
        var end = sample.IndexOf('}', onnx);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), sample[..onnx] + "\"onnx\": null" + sample[(end + 1)..]);

        var error = Assert.Throws<InvalidDataException>(() => ModelDirectory.Load(_root, "feed-ltr", "4"));

        Assert.StartsWith("feed-ltr/4/manifest.json: ", error.Message, StringComparison.Ordinal);
    }
}

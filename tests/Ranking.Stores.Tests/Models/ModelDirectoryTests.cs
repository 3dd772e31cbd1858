using Ranking.Stores.Models;

namespace Ranking.Stores.Tests.Models;

public sealed class ModelDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("models-").FullName;

    [Fact]
    public void FindLatest_ComparesEveryDigitRunAsANumber_AndSkipsFoldersWithoutManifest()
    {
        foreach (var version in new[] { "v9", "v10", "v1.10" })
        {
            var dir = Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", version)).FullName;
            File.WriteAllText(Path.Combine(dir, "manifest.json"), "{}");
        }

        // An unfinished copy: newest by name, but without a manifest it is not a package.
        Directory.CreateDirectory(Path.Combine(_root, "feed-ltr", "v11"));

        Assert.Equal(Path.Combine(_root, "feed-ltr", "v10"), ModelDirectory.FindLatest(_root, "feed-ltr"));
    }

    [Fact]
    public void FindLatest_WithoutTheModelsFolder_ReturnsNull() =>
        Assert.Null(ModelDirectory.FindLatest(_root, "missing"));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

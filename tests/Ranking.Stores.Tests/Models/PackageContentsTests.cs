using System.Text;
using System.Text.Json.Nodes;
using Ranking.Stores.Models;
using Ranking.Testing.Loopback;

namespace Ranking.Stores.Tests.Models;

/// <summary>The checks every store runs on a package's bytes, each failure naming where it came from.</summary>
public sealed class PackageContentsTests
{
    private static readonly string s_sample = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");

    private static byte[] Manifest(Action<JsonNode>? change = null)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(s_sample, "manifest.json")))!;
        change?.Invoke(manifest);
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    [Fact]
    public void ParseManifest_TheSample_ReadsIt()
    {
        var manifest = PackageContents.ParseManifest(Manifest(), "feed-ltr/1/manifest.json");

        Assert.Equal("feed-ltr", manifest.Name);
        Assert.Equal("model.onnx", manifest.Onnx.File);
    }

    [Theory]
    [InlineData("{ not json", "where/manifest.json is not a valid manifest: ")]
    [InlineData("null", "where/manifest.json is empty.")]
    public void ParseManifest_BytesThatAreNoManifest_ThrowNamingTheLocation(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => PackageContents.ParseManifest(Encoding.UTF8.GetBytes(json), "where/manifest.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("onnx")]
    [InlineData("features")]
    public void ParseManifest_AnExplicitNullPart_ThrowsNamingTheLocation(string part)
    {
        var error = Assert.Throws<InvalidDataException>(() => PackageContents.ParseManifest(Manifest(m => m[part] = null), "where/manifest.json"));

        Assert.StartsWith("where/manifest.json: the manifest needs ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../other/model.onnx")]
    [InlineData("sub/model.onnx")]
    [InlineData("")]
    public void FileName_OutsideThePackage_Throws(string file)
    {
        var error = Assert.Throws<InvalidDataException>(() => PackageContents.FileName(file, "where/manifest.json"));

        Assert.Equal($"where/manifest.json names '{file}', which is not a file of the package.", error.Message);
    }

    [Fact]
    public void FileName_BesideTheManifest_IsKept() => Assert.Equal("model.onnx", PackageContents.FileName("model.onnx", "where/manifest.json"));

    [Fact]
    public void Build_BytesNotMatchingTheManifestsSha256_ThrowsNamingTheFile()
    {
        var manifest = PackageContents.ParseManifest(Manifest(), "feed-ltr/1/manifest.json");

        var error = Assert.Throws<InvalidDataException>(() => PackageContents.Build(manifest, [1, 2, 3], trainerModel: null, "feed-ltr/1/model.onnx"));

        Assert.StartsWith("feed-ltr/1/model.onnx: feed-ltr/1: sha256 of model.onnx is ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TheSample_LoadsAModelThatScores()
    {
        var manifest = PackageContents.ParseManifest(Manifest(), "feed-ltr/1/manifest.json");

        using var model = PackageContents.Build(manifest, File.ReadAllBytes(Path.Combine(s_sample, "model.onnx")), trainerModel: null, "feed-ltr/1/model.onnx");

        Assert.Equal(manifest.Features.Count, model.Scorer.FeatureCount);
    }
}

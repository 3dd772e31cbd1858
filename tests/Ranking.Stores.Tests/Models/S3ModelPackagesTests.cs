using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Ranking.Core.Explanations;
using Ranking.Stores.Models;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Loopback;

namespace Ranking.Stores.Tests.Models;

/// <summary>Packages built from the committed sample model (samples/models/feed-ltr/1), uploaded under several versions.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ModelPackagesTests(S3rverFixture s3)
{
    private static readonly string s_sample = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");

    [Fact]
    public async Task FindLatest_PicksTheNumericallyNewestVersionWithAManifest_WhichLoads()
    {
        var name = NewName();
        await UploadAsync(name, "2");
        await UploadAsync(name, "10");
        await UploadAsync(name, "9");
        // A half upload: the ONNX file is there but the manifest (written last) is not, so it is not a package yet.
        await PutAsync($"models/{name}/11/model.onnx", await File.ReadAllBytesAsync(Path.Combine(s_sample, "model.onnx")));
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        var latest = await packages.FindLatestAsync(name, CancellationToken.None);
        using var model = await packages.LoadAsync(name, latest!, CancellationToken.None);

        Assert.Equal(["2", "9", "10"], await packages.ListVersionsAsync(name, CancellationToken.None));
        Assert.Equal("10", latest);
        Assert.Equal("10", model.Version);
        Assert.Equal(name, model.Name);
    }

    [Fact]
    public async Task Load_WithTheTrainersModel_ExplainsFromItsCovers_AndWithoutIt_StillLoads()
    {
        var name = NewName();
        await UploadAsync(name, "1");
        await PutAsync($"models/{name}/1/lightgbm.txt", await File.ReadAllBytesAsync(Path.Combine(s_sample, "lightgbm.txt")));
        await UploadAsync(name, "2");
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        using var withText = await packages.LoadAsync(name, "1", CancellationToken.None);
        using var without = await packages.LoadAsync(name, "2", CancellationToken.None);

        Assert.Equal(CoverSource.TrainerModel, withText.GetExplainer(out _)?.Covers);
        Assert.Null(without.GetExplainer(out var unavailable));
        Assert.Contains("lightgbm.txt", unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListVersions_ComparesEveryDigitRunAsANumber()
    {
        var name = NewName();
        foreach (var version in new[] { "v10", "v9", "v1.10", "v1.9" })
        {
            await PutAsync($"models/{name}/{version}/manifest.json", ManifestFor(name, version));
        }

        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        Assert.Equal(["v1.9", "v1.10", "v9", "v10"], await packages.ListVersionsAsync(name, CancellationToken.None));
        Assert.Equal("v10", await packages.FindLatestAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task FindLatest_WithNoPackage_ReturnsNull()
    {
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        Assert.Null(await packages.FindLatestAsync(NewName(), CancellationToken.None));
    }

    [Fact]
    public async Task Load_WithCorruptedOnnx_ThrowsSha256ErrorNamingTheKey()
    {
        var name = NewName();
        await UploadAsync(name, "3");
        var onnx = await File.ReadAllBytesAsync(Path.Combine(s_sample, "model.onnx"));
        onnx[^1] ^= 0xFF;
        await PutAsync($"models/{name}/3/model.onnx", onnx);
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => packages.LoadAsync(name, "3", CancellationToken.None));

        Assert.Contains($"s3://{s3.Server.Bucket}/models/{name}/3/model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WithInvalidManifest_ThrowsNamingTheManifestKey()
    {
        var name = NewName();
        await PutAsync($"models/{name}/1/manifest.json", "{ not json"u8.ToArray());
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => packages.LoadAsync(name, "1", CancellationToken.None));

        Assert.Contains($"models/{name}/1/manifest.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("onnx", null, "onnx")]
    [InlineData("features", null, "features")]
    [InlineData("onnx", "../other/model.onnx", "not a file of the package")]
    public async Task LoadAndRead_ManifestWithANullPartOrAFileOutsideThePackage_ThrowNamingTheManifestKey(string part, string? value, string expected)
    {
        var name = NewName();
        var manifest = JsonNode.Parse(ManifestFor(name, "1"))!;
        if (part == "onnx" && value is not null)
        {
            manifest["onnx"]!["file"] = value;
        }
        else
        {
            manifest[part] = null;
        }

        await PutAsync($"models/{name}/1/manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        var load = await Assert.ThrowsAsync<InvalidDataException>(() => packages.LoadAsync(name, "1", CancellationToken.None));
        var read = await Assert.ThrowsAsync<InvalidDataException>(() => packages.ReadPackageAsync(name, "1", CancellationToken.None));

        Assert.All([load.Message, read.Message], message =>
        {
            Assert.StartsWith($"s3://{s3.Server.Bucket}/models/{name}/1/manifest.json", message, StringComparison.Ordinal);
            Assert.Contains(expected, message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Load_WithMissingOnnx_ThrowsNamingTheOnnxKey()
    {
        var name = NewName();
        await PutAsync($"models/{name}/1/manifest.json", ManifestFor(name, "1"));
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => packages.LoadAsync(name, "1", CancellationToken.None));

        Assert.Contains($"models/{name}/1/model.onnx is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_ReportsManifestShaAndActualObjectPerVersion()
    {
        var name = NewName();
        await UploadAsync(name, "1");
        await PutAsync($"models/{name}/2/manifest.json", ManifestFor(name, "2"));
        await PutAsync($"models/{name}/3/model.onnx", [1, 2, 3]);
        var packages = new S3ModelPackages(s3.Client, s3.Server.Bucket);

        var infos = await packages.DescribeAsync(name, CancellationToken.None);

        Assert.Equal(["1", "2"], infos.Select(i => i.Version));
        var sampleManifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(s_sample, "manifest.json")))!;
        Assert.Equal((string?)sampleManifest["onnx"]!["sha256"], infos[0].ManifestSha256);
        Assert.Equal(new FileInfo(Path.Combine(s_sample, "model.onnx")).Length, infos[0].OnnxSize);
        Assert.False(string.IsNullOrEmpty(infos[0].OnnxETag));
        Assert.Null(infos[0].Problem);
        Assert.Null(infos[1].OnnxSize);
        Assert.Contains("model.onnx is missing", infos[1].Problem, StringComparison.Ordinal);
    }

    private static string NewName() => "m-" + Guid.NewGuid().ToString("N")[..12];

    private static byte[] ManifestFor(string name, string version)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(s_sample, "manifest.json")))!;
        manifest["name"] = name;
        manifest["version"] = version;
        return System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    private async Task UploadAsync(string name, string version)
    {
        await PutAsync($"models/{name}/{version}/model.onnx", await File.ReadAllBytesAsync(Path.Combine(s_sample, "model.onnx")));
        await PutAsync($"models/{name}/{version}/manifest.json", ManifestFor(name, version));
    }

    // UseChunkEncoding off: over plain HTTP the SDK signs uploads in aws-chunked framing, which s3rver stores as the body.
    private Task PutAsync(string key, byte[] bytes) =>
        s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Server.Bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
}

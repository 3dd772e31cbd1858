using System.Text.Json.Nodes;
using Ranking.Stores.Models;
using Ranking.Stores.Registry;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Loopback;

using static Ranking.Stores.Tests.Registry.RegistryRecords;

namespace Ranking.Stores.Tests.Registry;

/// <summary>Publishing the committed sample package (samples/models/feed-ltr/1) under fresh names, to s3rver and dynalite.</summary>
[Collection(PublishCollection.Name)]
public sealed class ModelPublisherTests(DynaliteFixture dynalite, S3rverFixture s3) : IDisposable
{
    private static readonly string s_sample = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");
    private static readonly CancellationToken s_none = CancellationToken.None;
    private readonly string _workDir = Directory.CreateTempSubdirectory("publish-").FullName;

    [Fact]
    public async Task Publish_UploadsEveryFileManifestLast_AndRegistersPublished()
    {
        var name = NewName();
        var package = CopySample(name, "4");
        var registry = await NewRegistryAsync(dynalite);
        using var client = new RecordingS3Client(s3.Server, name);
        var steps = new List<PublishStep>();

        var record = await new ModelPublisher(client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, new SyncProgress(steps), s_none);

        var prefix = $"models/{name}/4/";
        var files = Directory.GetFiles(package).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files.Select(f => prefix + f).Order(StringComparer.Ordinal), client.Uploaded.Order(StringComparer.Ordinal));
        Assert.Equal(prefix + "manifest.json", client.Uploaded[^1]);
        // Until the manifest went up, a reader saw no package at all; only after it, version 4.
        Assert.All(client.VisibleBefore.Values, Assert.Empty);
        Assert.Equal(["4"], await new S3ModelPackages(s3.Client, s3.Server.Bucket).ListVersionsAsync(name, s_none));
        Assert.Equal(files.Count, steps.Count);
        Assert.Equal("manifest.json", steps[^1].File);

        var stored = await registry.GetAsync(name, "4", s_none);
        Assert.Equal(ModelStatus.Published, stored!.Status);
        Assert.Equal($"s3://{s3.Server.Bucket}/{prefix}", stored.Location);
        Assert.Equal(record.Sha256, stored.Sha256);
        Assert.True(stored.Metrics.ContainsKey("ndcg@10"));
    }

    [Fact]
    public async Task Publish_UploadedPackageLoadsAndVerifies()
    {
        var name = NewName();
        var registry = await NewRegistryAsync(dynalite);

        await new ModelPublisher(s3.Client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(CopySample(name, "1"), null, s_none);
        using var model = await new S3ModelPackages(s3.Client, s3.Server.Bucket).LoadAsync(name, "1", s_none);

        Assert.Equal(name, model.Name);
    }

    [Fact]
    public async Task Publish_SameVersionAgain_IsRefusedBeforeUploading()
    {
        var name = NewName();
        var registry = await NewRegistryAsync(dynalite);
        var package = CopySample(name, "2");
        await new ModelPublisher(s3.Client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, null, s_none);
        using var client = new RecordingS3Client(s3.Server, name);

        var error = await Assert.ThrowsAsync<PublishRefusedException>(() => new ModelPublisher(client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, null, s_none));

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Uploaded);
    }

    [Fact]
    public async Task Publish_OnnxNotMatchingTheManifest_IsRefusedBeforeUploading()
    {
        var name = NewName();
        var registry = await NewRegistryAsync(dynalite);
        var package = CopySample(name, "3");
        var onnx = Path.Combine(package, "model.onnx");
        var bytes = await File.ReadAllBytesAsync(onnx);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(onnx, bytes);
        using var client = new RecordingS3Client(s3.Server, name);

        var error = await Assert.ThrowsAsync<PublishRefusedException>(() => new ModelPublisher(client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, null, s_none));

        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Uploaded);
        Assert.Null(await registry.GetAsync(name, "3", s_none));
    }

    [Fact]
    public async Task Publish_ManifestWithoutOptionalSections_UploadsAndRegisters()
    {
        var name = NewName();
        var package = CopySample(name, "5", manifest =>
        {
            foreach (var section in new[] { "metrics", "baselineMetrics", "training", "holdout", "trainerModel", "objective", "createdAt" })
            {
                manifest.Remove(section);
            }
        });
        var registry = await NewRegistryAsync(dynalite);
        using var client = new RecordingS3Client(s3.Server, name);

        var record = await new ModelPublisher(client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, null, s_none);

        Assert.Equal(Directory.GetFiles(package).Length, client.Uploaded.Count);
        var stored = await registry.GetAsync(name, "5", s_none);
        Assert.Equal(ModelStatus.Published, stored!.Status);
        Assert.Empty(stored.Metrics);
        Assert.Empty(record.Metrics);
        using var model = await new S3ModelPackages(s3.Client, s3.Server.Bucket).LoadAsync(name, "5", s_none);
        Assert.Null(model.Manifest.Holdout);
    }

    [Theory]
    [InlineData("an infinite metric")]
    [InlineData("no onnx section")]
    [InlineData("no features")]
    [InlineData("a short sha256")]
    [InlineData("onnx named but missing")]
    [InlineData("onnx in a subfolder")]
    [InlineData("holdout named but missing")]
    [InlineData("holdout not matching its sha256")]
    [InlineData("an alias as version")]
    [InlineData("a null manifest")]
    public async Task Publish_PackageFailingACheck_UploadsAndRegistersNothing(string defect)
    {
        var name = NewName();
        var package = CopySample(name, "6", manifest =>
        {
            switch (defect)
            {
                case "an infinite metric": manifest["metrics"]!["ndcg@10"] = JsonNode.Parse("1e400"); break;
                case "no onnx section": manifest["onnx"] = null; break;
                case "no features": manifest["features"] = new JsonArray(); break;
                case "a short sha256": manifest["onnx"]!["sha256"] = "4fc40136"; break;
                case "onnx named but missing": manifest["onnx"]!["file"] = "ranker.onnx"; break;
                case "onnx in a subfolder": manifest["onnx"]!["file"] = "onnx/model.onnx"; break;
                case "an alias as version": manifest["version"] = "alias#6"; break;
                default: break;
            }
        });
        switch (defect)
        {
            case "onnx in a subfolder":
                File.Move(Path.Combine(package, "model.onnx"), Path.Combine(Directory.CreateDirectory(Path.Combine(package, "onnx")).FullName, "model.onnx"));
                break;
            case "holdout named but missing":
                File.Delete(Path.Combine(package, "holdout.jsonl"));
                break;
            case "holdout not matching its sha256":
                await File.AppendAllTextAsync(Path.Combine(package, "holdout.jsonl"), "\n");
                break;
            case "a null manifest":
                await File.WriteAllTextAsync(Path.Combine(package, "manifest.json"), "null");
                break;
            default:
                break;
        }

        var registry = await NewRegistryAsync(dynalite);
        using var client = new RecordingS3Client(s3.Server, name);

        var error = await Assert.ThrowsAsync<PublishRefusedException>(() => new ModelPublisher(client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, null, s_none));

        Assert.Empty(client.Uploaded);
        Assert.Null(await registry.GetAsync(name, "6", s_none));
        Assert.StartsWith(package, error.Message, StringComparison.Ordinal);
        Assert.Contains(defect switch
        {
            "an alias as version" => "version 'alias#6' cannot be used",
            "an infinite metric" => "metrics.ndcg@10 is Infinity",
            "onnx in a subfolder" => "onnx.file 'onnx/model.onnx' is not a file",
            "holdout named but missing" => "holdout.file 'holdout.jsonl' is not a file",
            "onnx named but missing" => "onnx.file 'ranker.onnx' is not a file",
            "holdout not matching its sha256" => "holdout.jsonl has sha256",
            "no onnx section" => "the manifest needs onnx",
            "no features" => "the manifest needs features",
            "a null manifest" => "manifest.json is empty; nothing was uploaded.",
            _ => "onnx.sha256 must be 64 hex digits",
        }, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithoutManifest_IsRefused()
    {
        var registry = await NewRegistryAsync(dynalite);
        var package = CopySample(NewName(), "1");
        File.Delete(Path.Combine(package, "manifest.json"));

        var error = await Assert.ThrowsAsync<PublishRefusedException>(() => new ModelPublisher(s3.Client, s3.Server.Bucket, registry, TimeProvider.System).PublishAsync(package, null, s_none));

        Assert.Contains("manifest.json", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_workDir, recursive: true);

    private string CopySample(string name, string version, Action<JsonObject>? edit = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_workDir, name, version)).FullName;
        foreach (var file in Directory.GetFiles(s_sample))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        manifest["name"] = name;
        manifest["version"] = version;
        edit?.Invoke(manifest.AsObject());
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        return dir;
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; the test wants the reports in order, at once.</summary>
    private sealed class SyncProgress(List<PublishStep> steps) : IProgress<PublishStep>
    {
        public void Report(PublishStep value) => steps.Add(value);
    }
}

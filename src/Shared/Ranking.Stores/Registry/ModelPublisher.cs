using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Ranking.Core.Models;
using Ranking.Stores.Models;

namespace Ranking.Stores.Registry;

/// <summary>
/// Publishes a local model package: checks it, uploads it to <c>models/{name}/{version}/</c> with the manifest last,
/// and registers the version <see cref="ModelStatus.Published"/>. Every check that can refuse runs before the first
/// upload. The manifest goes last because <see cref="S3ModelPackages"/> sees a version only once its manifest
/// exists, so an interrupted upload is never taken for a package (and re-publishing it completes it).
/// </summary>
/// <remarks>
/// Two publishers of the same version at the same moment can both pass the "not registered" check; only one
/// registration lands (conditional write), but the files are whichever upload finished last. The refresh gates
/// verify the sha256 before anything is promoted, so a mismatch is rejected rather than served.
/// </remarks>
public sealed class ModelPublisher(IAmazonS3 s3, string bucket, IModelRegistry registry, TimeProvider time)
{
    private readonly IAmazonS3 _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
    private readonly string _bucket = string.IsNullOrEmpty(bucket) ? throw new ArgumentException("a bucket is required", nameof(bucket)) : bucket;
    private readonly IModelRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <exception cref="PublishRefusedException">The package is not publishable, or its version is already registered.</exception>
    public async Task<ModelVersionRecord> PublishAsync(string packageDir, IProgress<PublishStep>? progress, CancellationToken cancellationToken)
    {
        // Everything that can refuse the package runs before the first upload, the registry record included: a
        // refusal after it would leave files in S3 that no registry row points to, and a retry would upload them
        // again only to be refused the same way.
        var manifest = ReadManifest(packageDir);
        var files = PackageFiles(packageDir, manifest);
        await VerifyChecksumsAsync(packageDir, manifest, cancellationToken);
        var prefix = S3ModelPackages.PackagePrefix(manifest.Name, manifest.Version);
        var record = NewRecord(manifest, $"s3://{_bucket}/{prefix}", Path.Combine(packageDir, ModelManifest.FileName));
        if (await _registry.GetAsync(manifest.Name, manifest.Version, cancellationToken) is { } existing)
        {
            throw new PublishRefusedException($"{manifest.Name}/{manifest.Version} is already registered ({existing.Status.ToText()}, {existing.Location}): give the package a new version.");
        }

        for (var i = 0; i < files.Count; i++)
        {
            await UploadAsync(files[i], prefix + Path.GetFileName(files[i]), cancellationToken);
            progress?.Report(new PublishStep(Path.GetFileName(files[i]), new FileInfo(files[i]).Length, i + 1, files.Count));
        }

        if (!await _registry.TryRegisterAsync(record, cancellationToken))
        {
            throw new PublishRefusedException($"{manifest.Name}/{manifest.Version} was registered by another publisher while this one uploaded; the files under s3://{_bucket}/{prefix} may be theirs or ours.");
        }

        return record;
    }

    private static ModelManifest ReadManifest(string packageDir)
    {
        var path = Path.Combine(packageDir, ModelManifest.FileName);
        ModelManifest manifest;
        try
        {
            manifest = PackageContents.ParseManifest(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublishRefusedException($"{path} cannot be read: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new PublishRefusedException($"{e.Message.TrimEnd('.')}; nothing was uploaded.", e);
        }

        // The name and version become S3 key segments and the registry's keys: no separators, no alias keys.
        foreach (var (field, value) in new[] { ("name", manifest.Name), ("version", manifest.Version) })
        {
            if (value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.StartsWith(RegistryAttributes.AliasPrefix, StringComparison.Ordinal) || value is "." or "..")
            {
                throw new PublishRefusedException($"{path}: {field} '{value}' cannot be used in an S3 key or registry key.");
            }
        }

        return manifest;
    }

    /// <summary>
    /// The package's top-level files (S3ModelPackages ignores deeper keys), sorted, manifest last; every file the
    /// manifest names must be one of them, or the uploaded package would lack it.
    /// </summary>
    private static List<string> PackageFiles(string packageDir, ModelManifest manifest)
    {
        var files = Directory.GetFiles(packageDir).Where(f => Path.GetFileName(f) != ModelManifest.FileName).Order(StringComparer.Ordinal).ToList();
        foreach (var (field, file) in NamedFiles(manifest))
        {
            if (!files.Exists(f => string.Equals(Path.GetFileName(f), file, StringComparison.Ordinal)))
            {
                throw new PublishRefusedException($"{Path.Combine(packageDir, ModelManifest.FileName)}: {field} '{file}' is not a file in {packageDir}; nothing was uploaded.");
            }
        }

        files.Add(Path.Combine(packageDir, ModelManifest.FileName));
        return files;
    }

    /// <summary>The ONNX file must match its sha256; the optional files must match theirs when the manifest gives one.</summary>
    private static async Task VerifyChecksumsAsync(string packageDir, ModelManifest manifest, CancellationToken cancellationToken)
    {
        await VerifyAsync(Path.Combine(packageDir, manifest.Onnx.File), manifest.Onnx.Sha256, cancellationToken);
        foreach (var artifact in new[] { manifest.Holdout, manifest.TrainerModel })
        {
            if (artifact is { Sha256: { Length: > 0 } sha256 })
            {
                await VerifyAsync(Path.Combine(packageDir, artifact.File), sha256, cancellationToken);
            }
        }
    }

    private static async Task VerifyAsync(string path, string expected, CancellationToken cancellationToken)
    {
        string actual;
        try
        {
            await using var stream = File.OpenRead(path);
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublishRefusedException($"{path} cannot be read: {e.Message}", e);
        }

        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new PublishRefusedException($"{path} has sha256 {actual}, the manifest says {expected}: nothing was uploaded.");
        }
    }

    /// <summary>The registry row, built before any upload so that nothing in it can fail afterwards.</summary>
    private ModelVersionRecord NewRecord(ModelManifest manifest, string location, string manifestPath)
    {
        // DynamoDB stores finite numbers only; JSON reads 1e400 as infinity.
        foreach (var (metric, value) in manifest.Metrics)
        {
            if (!double.IsFinite(value))
            {
                throw new PublishRefusedException($"{manifestPath}: metrics.{metric} is {value.ToString(CultureInfo.InvariantCulture)}, not a finite number; nothing was uploaded.");
            }
        }

        var now = _time.GetUtcNow();
        return new ModelVersionRecord
        {
            Name = manifest.Name,
            Version = manifest.Version,
            Status = ModelStatus.Published,
            Sha256 = manifest.Onnx.Sha256.ToLowerInvariant(),
            Location = location,
            Metrics = new Dictionary<string, double>(manifest.Metrics, StringComparer.Ordinal),
            PublishedAt = now,
            UpdatedAt = now,
        };
    }

    private static IEnumerable<(string Field, string File)> NamedFiles(ModelManifest manifest)
    {
        yield return ("onnx.file", manifest.Onnx.File);
        if (manifest.Holdout is { } holdout)
        {
            yield return ("holdout.file", holdout.File);
        }

        if (manifest.TrainerModel is { } trainerModel)
        {
            yield return ("trainerModel.file", trainerModel.File);
        }
    }

    private async Task UploadAsync(string path, string key, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            FilePath = path,
            ContentType = key.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream",
            // Over plain HTTP (a loopback endpoint) the SDK would frame the body aws-chunked, which s3rver stores verbatim.
            UseChunkEncoding = !IsPlainHttp(_s3.Config.ServiceURL),
        };
        await _s3.PutObjectAsync(request, cancellationToken);
    }

    private static bool IsPlainHttp(string? serviceUrl) =>
        serviceUrl is not null && serviceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}

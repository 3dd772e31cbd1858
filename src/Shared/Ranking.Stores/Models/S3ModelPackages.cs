using Amazon.S3;
using Amazon.S3.Model;
using Ranking.Contracts;
using Ranking.Core.Models;
using Ranking.Core.Ranking;

namespace Ranking.Stores.Models;

/// <summary>
/// Model packages in an S3 bucket under <c>models/{name}/{version}/</c>, read the way <see cref="ModelDirectory"/>
/// reads local folders: a version exists only once its <c>manifest.json</c> does (publishers upload it last, so a
/// half-uploaded package is invisible), and the newest version is the last in <see cref="ModelVersionOrder"/>.
/// </summary>
public sealed class S3ModelPackages
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;

    public S3ModelPackages(IAmazonS3 client, string bucket)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        _client = client;
        _bucket = bucket;
    }

    public string Bucket => _bucket;

    public static string PackagePrefix(string name, string version) => $"{BucketLayout.ModelsPrefix}{name}/{version}/";

    /// <summary>The versions of <paramref name="name"/> that have a manifest, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var listing = await ListAsync(name, cancellationToken);
        var versions = new List<string>();
        foreach (var (version, files) in listing)
        {
            if (files.ContainsKey(ModelManifest.FileName))
            {
                versions.Add(version);
            }
        }

        versions.Sort(ModelVersionOrder.Comparer);
        return versions;
    }

    /// <summary>The newest version of <paramref name="name"/> that has a manifest, or null when there is none.</summary>
    public async Task<string?> FindLatestAsync(string name, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(name, cancellationToken);
        return versions.Count == 0 ? null : versions[^1];
    }

    /// <summary>Reads the manifest and the ONNX file and builds the model, which verifies the ONNX file's sha256.</summary>
    /// <exception cref="InvalidDataException">A missing or invalid manifest, a missing ONNX object, a checksum mismatch, an ONNX file that does not load; the message names the S3 key.</exception>
    public async Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken)
    {
        var prefix = PackagePrefix(name, version);
        var manifest = await ReadManifestAsync(prefix + ModelManifest.FileName, cancellationToken);
        var onnxKey = prefix + PackageContents.FileName(manifest.Onnx.File, Uri(prefix + ModelManifest.FileName));
        // Both reads at once: the trainer's model (for explanations) must not lengthen a cold start by a round trip.
        var onnx = ReadBytesAsync(onnxKey, cancellationToken);
        var trainerModel = ReadTrainerModelAsync(prefix, manifest, cancellationToken);
        return PackageContents.Build(manifest, await onnx, await trainerModel, Uri(onnxKey));
    }

    /// <summary>The package's <c>lightgbm.txt</c>, or null when it names none or it cannot be read: the model then serves without contributions.</summary>
    private async Task<byte[]?> ReadTrainerModelAsync(string prefix, ModelManifest manifest, CancellationToken cancellationToken)
    {
        try
        {
            return manifest.TrainerModel is { } file
                ? await ReadBytesAsync(prefix + PackageContents.FileName(file.File, Uri(prefix + ModelManifest.FileName)), cancellationToken)
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or AmazonS3Exception)
        {
            return null;
        }
    }

    /// <summary>The package's raw files, unverified: validation gates check them one by one and say which failed.</summary>
    /// <exception cref="InvalidDataException">The manifest or the ONNX file is missing or the manifest does not parse; the message names the key.</exception>
    public async Task<ModelPackageFiles> ReadPackageAsync(string name, string version, CancellationToken cancellationToken)
    {
        var prefix = PackagePrefix(name, version);
        var manifest = await ReadManifestAsync(prefix + ModelManifest.FileName, cancellationToken);
        var manifestUri = Uri(prefix + ModelManifest.FileName);
        var onnx = await ReadBytesAsync(prefix + PackageContents.FileName(manifest.Onnx.File, manifestUri), cancellationToken);
        var holdout = manifest.Holdout is { } file ? await ReadBytesAsync(prefix + PackageContents.FileName(file.File, manifestUri), cancellationToken) : null;
        return new ModelPackageFiles(manifest, onnx, holdout);
    }

    /// <summary>
    /// Every version of <paramref name="name"/> that has a manifest, oldest first, with the manifest's sha256 and the
    /// ONNX object's actual size and ETag. Reads the manifests only; a bad package is reported, not thrown.
    /// </summary>
    public async Task<IReadOnlyList<ModelPackageInfo>> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        var listing = await ListAsync(name, cancellationToken);
        var infos = new List<ModelPackageInfo>();
        foreach (var (version, files) in listing)
        {
            if (files.ContainsKey(ModelManifest.FileName))
            {
                infos.Add(await DescribeVersionAsync(version, PackagePrefix(name, version), files, cancellationToken));
            }
        }

        infos.Sort((a, b) => ModelVersionOrder.Compare(a.Version, b.Version));
        return infos;
    }

    private async Task<ModelPackageInfo> DescribeVersionAsync(string version, string prefix, Dictionary<string, S3Object> files, CancellationToken cancellationToken)
    {
        ModelManifest manifest;
        try
        {
            manifest = await ReadManifestAsync(prefix + ModelManifest.FileName, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return new ModelPackageInfo { Version = version, Prefix = prefix, Problem = e.Message };
        }

        var onnxKey = prefix + manifest.Onnx.File;
        var onnx = files.GetValueOrDefault(manifest.Onnx.File);
        return new ModelPackageInfo
        {
            Version = version,
            Prefix = prefix,
            ManifestSha256 = manifest.Onnx.Sha256,
            OnnxKey = onnxKey,
            OnnxSize = onnx?.Size,
            OnnxETag = onnx?.ETag,
            OnnxLastModified = onnx?.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null,
            Problem = onnx is null ? $"{Uri(onnxKey)} is missing." : null,
        };
    }

    /// <summary>Objects under <c>models/{name}/</c> grouped by version, keyed by their file name within the package.</summary>
    private async Task<Dictionary<string, Dictionary<string, S3Object>>> ListAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var modelPrefix = $"{BucketLayout.ModelsPrefix}{name}/";
        var byVersion = new Dictionary<string, Dictionary<string, S3Object>>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = modelPrefix };
        do
        {
            var response = await _client.ListObjectsV2Async(request, cancellationToken);
            foreach (var entry in response.S3Objects ?? [])
            {
                // models/{name}/{version}/{file}: anything deeper or shallower is not part of a package.
                var rest = entry.Key.AsSpan(modelPrefix.Length);
                var slash = rest.IndexOf('/');
                if (slash <= 0 || rest[(slash + 1)..].Contains('/') || slash == rest.Length - 1)
                {
                    continue;
                }

                var version = rest[..slash].ToString();
                if (!byVersion.TryGetValue(version, out var files))
                {
                    byVersion[version] = files = new Dictionary<string, S3Object>(StringComparer.Ordinal);
                }

                files[rest[(slash + 1)..].ToString()] = entry;
            }

            request.ContinuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        return byVersion;
    }

    private async Task<ModelManifest> ReadManifestAsync(string key, CancellationToken cancellationToken) =>
        PackageContents.ParseManifest(await ReadBytesAsync(key, cancellationToken), Uri(key));

    private async Task<byte[]> ReadBytesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, key, cancellationToken);
            using var buffer = new MemoryStream(response.ContentLength > 0 ? (int)Math.Min(response.ContentLength, int.MaxValue) : 0);
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new InvalidDataException($"{Uri(key)} is missing.", e);
        }
    }

    private string Uri(string key) => $"s3://{_bucket}/{key}";
}

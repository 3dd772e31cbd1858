using System.Security.Cryptography;
using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Stores.Models;
using Ranking.Stores.S3;

namespace Ranking.Functions.ModelRefresh;

/// <summary>The model packages the refresh reports on: a local folder (<c>RANKING_MODEL_DIR</c>) or the bucket.</summary>
internal sealed class ModelPackageCatalog(string? directory, S3ModelPackages? bucket)
{
    public string Source => directory ?? $"s3://{bucket!.Bucket}/{S3ModelPackages.RootPrefix}";

    public async Task<IReadOnlyList<ModelPackageInfo>> DescribeAsync(string name, CancellationToken cancellationToken) =>
        directory is null ? await bucket!.DescribeAsync(name, cancellationToken) : await DescribeFolderAsync(Path.Combine(directory, name), cancellationToken);

    /// <summary>A local folder is cheap to read whole, so its checksums are verified, not just reported.</summary>
    private static async Task<IReadOnlyList<ModelPackageInfo>> DescribeFolderAsync(string modelRoot, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(modelRoot))
        {
            return [];
        }

        var infos = new List<ModelPackageInfo>();
        foreach (var dir in Directory.EnumerateDirectories(modelRoot))
        {
            var manifestPath = Path.Combine(dir, ModelManifest.FileName);
            if (File.Exists(manifestPath))
            {
                infos.Add(await DescribeVersionAsync(dir, manifestPath, cancellationToken));
            }
        }

        infos.Sort((a, b) => ModelDirectory.CompareVersions(a.Version, b.Version));
        return infos;
    }

    private static async Task<ModelPackageInfo> DescribeVersionAsync(string dir, string manifestPath, CancellationToken cancellationToken)
    {
        var version = Path.GetFileName(dir);
        ModelManifest manifest;
        try
        {
            await using var stream = File.OpenRead(manifestPath);
            manifest = await JsonSerializer.DeserializeAsync(stream, CoreJsonContext.Default.ModelManifest, cancellationToken)
                ?? throw new JsonException("the manifest is null");
        }
        catch (JsonException e)
        {
            return new ModelPackageInfo { Version = version, Prefix = dir, Problem = $"{manifestPath} is not a valid manifest: {e.Message}" };
        }

        var onnxPath = Path.Combine(dir, manifest.Onnx.File);
        if (!File.Exists(onnxPath))
        {
            return new ModelPackageInfo { Version = version, Prefix = dir, ManifestSha256 = manifest.Onnx.Sha256, Problem = $"{onnxPath} is missing." };
        }

        await using var onnx = File.OpenRead(onnxPath);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(onnx, cancellationToken));
        return new ModelPackageInfo
        {
            Version = version,
            Prefix = dir,
            ManifestSha256 = manifest.Onnx.Sha256,
            OnnxKey = onnxPath,
            OnnxSize = onnx.Length,
            Problem = string.Equals(actual, manifest.Onnx.Sha256, StringComparison.OrdinalIgnoreCase) ? null : $"sha256 of {onnxPath} is {actual}, the manifest says {manifest.Onnx.Sha256}.",
        };
    }
}

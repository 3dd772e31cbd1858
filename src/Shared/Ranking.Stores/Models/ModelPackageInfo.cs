namespace Ranking.Stores.Models;

/// <summary>
/// One version of a model package as S3 holds it, for a scheduled report: what the manifest promises next to what
/// the ONNX object actually is. <see cref="Problem"/> says why the package would not load, when that is visible
/// without downloading the ONNX file (a missing or unreadable manifest, a missing ONNX object).
/// </summary>
public sealed record ModelPackageInfo
{
    public required string Version { get; init; }
    /// <summary>The package's key prefix, <c>models/{name}/{version}/</c>.</summary>
    public required string Prefix { get; init; }
    /// <summary>The sha256 of the ONNX file as the manifest states it; null when the manifest does not read.</summary>
    public string? ManifestSha256 { get; init; }
    public string? OnnxKey { get; init; }
    /// <summary>The ONNX object's size in bytes; null when it is missing.</summary>
    public long? OnnxSize { get; init; }
    public string? OnnxETag { get; init; }
    public DateTimeOffset? OnnxLastModified { get; init; }
    public string? Problem { get; init; }
}

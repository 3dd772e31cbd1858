using Ranking.Core.Models;

namespace Ranking.Stores.Models;

/// <summary>A model package as stored: its manifest, ONNX bytes and holdout sample (null when the manifest names none).</summary>
public sealed record ModelPackageFiles(ModelManifest Manifest, byte[] Onnx, byte[]? Holdout)
{
    /// <summary>The trainer's model (<c>lightgbm.txt</c>) where the reader needs it for explanations, else null.</summary>
    public byte[]? TrainerModel { get; init; }
}

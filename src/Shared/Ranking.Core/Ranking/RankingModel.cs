using System.Security.Cryptography;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Ranking;

/// <summary>A loaded model: its manifest, its compiled feature plan and its scorer. Built once, shared by requests; owns the scorer.</summary>
public sealed class RankingModel : IDisposable
{
    private RankingModel(ModelManifest manifest, FeaturePlan plan, IScorer scorer)
    {
        Manifest = manifest;
        Plan = plan;
        Scorer = scorer;
    }

    public ModelManifest Manifest { get; }
    public FeaturePlan Plan { get; }
    public IScorer Scorer { get; }

    /// <summary>Why the native tree scorer does not serve this model (ONNX Runtime does), or null when it does.</summary>
    public string? NativeRefusal { get; private init; }
    public string Name => Manifest.Name;
    public string Version => Manifest.Version;

    /// <summary>
    /// Builds a model from its manifest and ONNX bytes, verifying the checksum first. ONNX Runtime loads the model
    /// and checks its shape against the manifest as before; when the model is a tree ensemble the native scorer
    /// reproduces exactly (<see cref="TreeEnsembleScorer"/>), the native scorer serves it and the session is freed.
    /// </summary>
    /// <exception cref="InvalidDataException">Checksum mismatch, a bad feature, or an ONNX model that does not load or fit.</exception>
    public static RankingModel Create(ModelManifest manifest, byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(onnx);
        var actual = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (!string.Equals(actual, manifest.Onnx.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{manifest.Name}/{manifest.Version}: sha256 of {manifest.Onnx.File} is {actual}, the manifest says {manifest.Onnx.Sha256}.");
        }

        var plan = Compile(manifest);
        var reference = OnnxScorer.Load(onnx, manifest.Onnx.Input, manifest.Onnx.Output, plan.Width);
        string? refusal;
        try
        {
            if (TreeEnsembleScorer.TryCreate(onnx, manifest.Onnx.Input, manifest.Onnx.Output, plan.Width, out var native, out refusal))
            {
                reference.Dispose();
                return new RankingModel(manifest, plan, native);
            }
        }
        catch (InvalidDataException e)
        {
            // ONNX Runtime loaded what the native reader calls malformed: ONNX Runtime keeps serving it.
            refusal = e.Message;
        }

        return new RankingModel(manifest, plan, reference) { NativeRefusal = refusal };
    }

    /// <summary>
    /// A model around a scorer already built for it (a second scorer implementation, a test's fake). The model owns
    /// the scorer from here: disposing the model disposes it. When this throws, the caller still owns it.
    /// </summary>
    /// <exception cref="InvalidDataException">A bad feature, or a scorer whose width is not the manifest's feature count.</exception>
    public static RankingModel Create(ModelManifest manifest, IScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(scorer);
        var plan = Compile(manifest);
        if (scorer.FeatureCount != plan.Width)
        {
            throw new InvalidDataException($"{manifest.Name}/{manifest.Version}: the scorer takes {scorer.FeatureCount} features, the manifest declares {plan.Width}.");
        }

        return new RankingModel(manifest, plan, scorer);
    }

    private static FeaturePlan Compile(ModelManifest manifest)
    {
        try
        {
            return FeaturePlan.Compile(manifest.Features);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{manifest.Name}/{manifest.Version}: {e.Message}", e);
        }
    }

    public void Dispose() => Scorer.Dispose();
}

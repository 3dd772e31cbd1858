using System.Security.Cryptography;
using Ranking.Core.Explanations;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Ranking;

/// <summary>A loaded model: its manifest, its compiled feature plan and its scorer. Built once, shared by requests; owns the scorer.</summary>
public sealed class RankingModel : IDisposable
{
    private static readonly Lazy<ModelExplanations> s_builtWithoutOnnx =
        new(new ModelExplanations(null, "the model was built from a scorer, without its ONNX file"));

    // Built on the first request that asks to explain, so loading and ordinary requests pay nothing for it.
    private readonly Lazy<ModelExplanations> _explanations;

    private RankingModel(ModelManifest manifest, FeaturePlan plan, IScorer scorer, Lazy<ModelExplanations> explanations)
    {
        Manifest = manifest;
        Plan = plan;
        Scorer = scorer;
        _explanations = explanations;
    }

    public ModelManifest Manifest { get; }
    public FeaturePlan Plan { get; }
    public IScorer Scorer { get; }

    /// <summary>Why the native tree scorer does not serve this model (ONNX Runtime does), or null when it does.</summary>
    public string? NativeRefusal { get; private init; }
    public string Name => Manifest.Name;
    public string Version => Manifest.Version;

    /// <summary><c>name/version</c>, built once: metrics tag every ranking with it.</summary>
    public string Label => field ??= $"{Name}/{Version}";

    /// <summary>
    /// Builds a model from its manifest and ONNX bytes, verifying the checksum first, with ONNX Runtime when this build
    /// ships it (<see cref="OnnxRuntimeFeature"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">Checksum mismatch, a bad feature, or an ONNX model that does not load or fit.</exception>
    public static RankingModel Create(ModelManifest manifest, byte[] onnx) => Create(manifest, onnx, OnnxRuntimeFeature.IsSupported);

    /// <summary>
    /// As <see cref="Create(ModelManifest, byte[])"/>, keeping the package's trainer model (<c>lightgbm.txt</c>) and
    /// holdout, either may be null, for explanations: they give the trees' node covers (<see cref="GetExplainer"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">Checksum mismatch, a bad feature, or an ONNX model that does not load or fit.</exception>
    public static RankingModel Create(ModelManifest manifest, byte[] onnx, byte[]? trainerModel, byte[]? holdout) =>
        Create(manifest, onnx, OnnxRuntimeFeature.IsSupported, trainerModel, holdout);

    /// <summary>
    /// Builds a model from its manifest and ONNX bytes, verifying the checksum first. The native tree scorer is tried
    /// first and checks the model's input and output against the manifest itself; ONNX Runtime is loaded only for a
    /// model it refuses (<see cref="NativeRefusal"/> says why), so a process serving tree ensembles never maps its
    /// native library.
    /// </summary>
    /// <param name="onnxRuntime">
    /// Whether a model the native scorer refuses may be served by ONNX Runtime; false in a trees-only deployment, where
    /// such a model fails to load with the native scorer's reason.
    /// </param>
    /// <exception cref="InvalidDataException">
    /// Checksum mismatch, a bad feature, an ONNX model that does not load or fit, or (without ONNX Runtime) one the
    /// native scorer refuses.
    /// </exception>
    internal static RankingModel Create(ModelManifest manifest, byte[] onnx, bool onnxRuntime, byte[]? trainerModel = null, byte[]? holdout = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(onnx);
        var actual = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (!string.Equals(actual, manifest.Onnx.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{manifest.Name}/{manifest.Version}: sha256 of {manifest.Onnx.File} is {actual}, the manifest says {manifest.Onnx.Sha256}.");
        }

        var plan = Compile(manifest);
        var explanations = new Lazy<ModelExplanations>(() => ModelExplanations.Build(manifest, plan.Width, onnx, trainerModel, holdout));
        string? refusal;
        try
        {
            if (TreeEnsembleScorer.TryCreate(onnx, manifest.Onnx.Input, manifest.Onnx.Output, plan.Width, out var native, out refusal))
            {
                return new RankingModel(manifest, plan, native, explanations);
            }
        }
        catch (InvalidDataException e) when (onnxRuntime)
        {
            // What the native reader calls malformed (a missing input, another width) ONNX Runtime refuses too, with
            // the same message; where it has ONNX Runtime, ONNX Runtime has the last word, as before the native scorer.
            refusal = e.Message;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{manifest.Name}/{manifest.Version}: {e.Message}", e);
        }

        if (!onnxRuntime)
        {
            throw new InvalidDataException(
                $"{manifest.Name}/{manifest.Version}: this deployment serves tree ensembles only (its ranking functions ship without ONNX Runtime), and the native scorer refuses this model: {refusal}.");
        }

        try
        {
            return new RankingModel(manifest, plan, OnnxScorer.Load(onnx, manifest.Onnx.Input, manifest.Onnx.Output, plan.Width), explanations) { NativeRefusal = refusal };
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{manifest.Name}/{manifest.Version}: {e.Message}", e);
        }
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

        return new RankingModel(manifest, plan, scorer, s_builtWithoutOnnx);
    }

    /// <summary>
    /// The same model served by <paramref name="onnxRuntime"/> instead (built for it by the caller), because of
    /// <paramref name="refusal"/>. The new model owns that scorer; this one is left to its owner.
    /// </summary>
    internal RankingModel ServedBy(OnnxScorer onnxRuntime, string refusal) => new(Manifest, Plan, onnxRuntime, _explanations) { NativeRefusal = refusal };

    /// <summary>
    /// The model's TreeSHAP explainer, built on the first call (thread-safe), or null with the reason explanations are
    /// unavailable: not a tree ensemble, or no node covers (neither a matching <c>lightgbm.txt</c> nor holdout rows).
    /// </summary>
    public TreeExplainer? GetExplainer(out string? unavailable)
    {
        var explanations = _explanations.Value;
        unavailable = explanations.Unavailable;
        return explanations.Explainer;
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

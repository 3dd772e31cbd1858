namespace Ranking.Core.Validation;

public sealed class ValidationOptions
{
    /// <summary>Largest allowed |ONNX Runtime score - trainer score| on a holdout row.</summary>
    public double ParityTolerance { get; init; } = 1e-4;

    /// <summary>
    /// Largest allowed |native tree scorer score - ONNX Runtime score| on a holdout row: both compute in float32 in one
    /// order, so they agree exactly on every shipped model.
    /// </summary>
    public double NativeParityTolerance { get; init; } = 1e-6;

    /// <summary>
    /// When the native scorer and ONNX Runtime differ by more than <see cref="NativeParityTolerance"/>: false fails the
    /// parity gate (ModelRefresh, whose functions serve tree models natively without comparing); true serves the model
    /// with ONNX Runtime instead and says why (<c>serve</c>, which always has ONNX Runtime).
    /// </summary>
    public bool FallBackToOnnxRuntime { get; init; }

    /// <summary>
    /// The deployment's ranking functions ship without ONNX Runtime (trees-only bundles): a model the native scorer
    /// refuses fails the shape gate with the native scorer's reason, before it can be promoted.
    /// </summary>
    public bool TreesOnly { get; init; }

    /// <summary>How much lower than the live model's NDCG@10 on the same rows a candidate may score.</summary>
    public double QualityTolerance { get; init; } = 0.005;

    public int LatencyRows { get; init; } = 500;

    /// <summary>Budget for scoring <see cref="LatencyRows"/> rows (median of a few runs, after a warm-up).</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(50);
}

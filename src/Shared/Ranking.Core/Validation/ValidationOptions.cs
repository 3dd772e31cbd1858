namespace Ranking.Core.Validation;

public sealed class ValidationOptions
{
    /// <summary>Largest allowed |ONNX Runtime score - trainer score| on a holdout row.</summary>
    public double ParityTolerance { get; init; } = 1e-4;

    /// <summary>How much lower than the live model's NDCG@10 on the same rows a candidate may score.</summary>
    public double QualityTolerance { get; init; } = 0.005;

    public int LatencyRows { get; init; } = 500;

    /// <summary>Budget for scoring <see cref="LatencyRows"/> rows (median of a few runs, after a warm-up).</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(50);
}

namespace Ranking.Core.Explanations;

/// <summary>Where a <see cref="TreeExplainer"/>'s node covers (rows per node) came from.</summary>
public enum CoverSource
{
    /// <summary>LightGBM's training row counts in the package's <c>lightgbm.txt</c>, matched to the ONNX trees.</summary>
    TrainerModel,

    /// <summary>The package's holdout rows passed through the ONNX trees (a model brought without its trainer's file).</summary>
    Holdout,
}

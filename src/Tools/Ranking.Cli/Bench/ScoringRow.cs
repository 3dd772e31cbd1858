namespace Ranking.Cli.Bench;

/// <summary>One doc count of <c>bench scoring</c>: each scorer's timing (null for one not measured) and their ratios to ONNX Runtime.</summary>
internal sealed record ScoringRow(int Docs, int Repetitions, ScoringTiming OnnxRuntime, ScoringTiming? Native, ScoringTiming? LightGbm)
{
    public double? NativeToOnnxRuntime => Native?.MedianNs / OnnxRuntime.MedianNs;

    public double? LightGbmToOnnxRuntime => LightGbm?.MedianNs / OnnxRuntime.MedianNs;
}

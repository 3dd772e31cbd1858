namespace Ranking.Cli.Bench;

/// <summary>What one <c>bench scoring</c> run measured, as the table and the JSON show it.</summary>
internal sealed record ScoringReport
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required int Features { get; init; }

    /// <summary>The ensemble's trees; null when the model is not a tree ensemble.</summary>
    public required int? Trees { get; init; }

    public required string InputSource { get; init; }
    public required string InputDescription { get; init; }
    public required int Matrices { get; init; }
    public required double SecondsPerScorer { get; init; }

    /// <summary>Why the native scorer is not measured; null when it is.</summary>
    public required string? NativeRefusal { get; init; }

    /// <summary>Why LightGBM is not measured; null when it is.</summary>
    public required string? LightGbmSkipped { get; init; }

    /// <summary>Largest |native - ONNX Runtime| over every matrix of every doc count; null when not measured.</summary>
    public required double? NativeMaxDiff { get; init; }

    /// <summary>Largest |LightGBM - ONNX Runtime| over every matrix of every doc count; null when not measured.</summary>
    public required double? LightGbmMaxDiff { get; init; }

    public required IReadOnlyList<ScoringRow> Rows { get; init; }
}

namespace Ranking.ColdStart;

/// <summary>How a function's <c>bootstrap</c> was produced.</summary>
internal enum BuildKind
{
    /// <summary>The native-AOT publish that ships.</summary>
    Aot,

    /// <summary>A self-contained JIT build of the same code (no ReadyToRun).</summary>
    Jit,

    /// <summary>The native-AOT publish without ONNX Runtime's library (<c>-p:RankingTreesOnly=true</c>; Rank only).</summary>
    AotTreesOnly,

    /// <summary>The native-AOT publish of another commit (<c>--baseline REF</c>; Rank only): what this one is compared with.</summary>
    AotBaseline,
}

namespace Ranking.ColdStart;

/// <summary>How a function's <c>bootstrap</c> was produced.</summary>
internal enum BuildKind
{
    /// <summary>The native-AOT publish that ships.</summary>
    Aot,

    /// <summary>A self-contained JIT build of the same code (no ReadyToRun).</summary>
    Jit,
}

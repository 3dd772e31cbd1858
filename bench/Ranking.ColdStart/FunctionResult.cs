namespace Ranking.ColdStart;

/// <summary>The measured rounds of one function, per build, and where its builds are.</summary>
internal sealed class FunctionResult(FunctionCase function, IReadOnlyDictionary<BuildKind, string> bootstraps)
{
    private readonly Dictionary<BuildKind, List<RoundTiming>> _rounds = bootstraps.Keys.ToDictionary(k => k, _ => new List<RoundTiming>());

    public FunctionCase Function { get; } = function;

    /// <summary>The builds measured, in the order they were built (AOT and JIT first).</summary>
    public IReadOnlyList<BuildKind> Kinds { get; } = [.. bootstraps.Keys];

    public List<RoundTiming> Rounds(BuildKind kind) => _rounds[kind];

    public string Bootstrap(BuildKind kind) => bootstraps[kind];
}

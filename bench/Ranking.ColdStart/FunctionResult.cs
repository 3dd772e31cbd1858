namespace Ranking.ColdStart;

/// <summary>The measured rounds of one function, per build, and where its builds are.</summary>
internal sealed class FunctionResult(FunctionCase function, string aotBootstrap, string jitBootstrap)
{
    public FunctionCase Function { get; } = function;

    public string AotBootstrap { get; } = aotBootstrap;

    public string JitBootstrap { get; } = jitBootstrap;

    public List<RoundTiming> Aot { get; } = [];

    public List<RoundTiming> Jit { get; } = [];

    public List<RoundTiming> Rounds(BuildKind kind) => kind == BuildKind.Aot ? Aot : Jit;

    public string Bootstrap(BuildKind kind) => kind == BuildKind.Aot ? AotBootstrap : JitBootstrap;
}

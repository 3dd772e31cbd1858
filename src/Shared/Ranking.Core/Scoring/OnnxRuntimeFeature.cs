using System.Diagnostics.CodeAnalysis;

namespace Ranking.Core.Scoring;

/// <summary>
/// Whether this build ships ONNX Runtime's native library. A trees-only function (<c>-p:RankingTreesOnly=true</c>,
/// src/Functions/Directory.Build.props) sets the switch off, and native AOT compiles the property to that constant.
/// </summary>
/// <remarks>
/// A build constant rather than looking for <c>libonnxruntime.so</c> beside the bootstrap: the same property that
/// leaves the library out of the bundle sets it, so the two cannot disagree, and a library missing by accident from a
/// full bundle still fails loudly at ONNX Runtime's first call instead of quietly turning the function trees-only.
/// </remarks>
public static class OnnxRuntimeFeature
{
    public const string SwitchName = "Ranking.Core.OnnxRuntime.IsSupported";

    [FeatureSwitchDefinition(SwitchName)]
    public static bool IsSupported => !AppContext.TryGetSwitch(SwitchName, out var supported) || supported;
}

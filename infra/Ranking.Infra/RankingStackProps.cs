using Amazon.CDK;
using Ranking.Infra.Configuration;
using Ranking.Infra.Functions;

namespace Ranking.Infra;

internal sealed class RankingStackProps
{
    public required InfraSettings Settings { get; init; }
    public required FunctionBundles Bundles { get; init; }
    /// <summary>Null: environment-agnostic (synth without credentials).</summary>
    public Amazon.CDK.Environment? Env { get; init; }
}

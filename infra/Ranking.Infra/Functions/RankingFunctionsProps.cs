using Ranking.Infra.Configuration;
using Ranking.Infra.Data;

namespace Ranking.Infra.Functions;

internal sealed class RankingFunctionsProps
{
    public required InfraSettings Settings { get; init; }
    public required FunctionBundles Bundles { get; init; }
    public required RankingData Data { get; init; }
}

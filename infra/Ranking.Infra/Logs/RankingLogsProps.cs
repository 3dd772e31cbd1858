using Ranking.Infra.Configuration;
using Ranking.Infra.Data;
using Ranking.Infra.Functions;

namespace Ranking.Infra.Logs;

internal sealed class RankingLogsProps
{
    public required InfraSettings Settings { get; init; }
    public required RankingData Data { get; init; }
    public required RankingFunctions Functions { get; init; }
}

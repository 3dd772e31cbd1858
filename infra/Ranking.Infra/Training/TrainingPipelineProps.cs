using Ranking.Infra.Configuration;
using Ranking.Infra.Data;
using Ranking.Infra.Functions;
using Ranking.Infra.Logs;

namespace Ranking.Infra.Training;

internal sealed class TrainingPipelineProps
{
    public required InfraSettings Settings { get; init; }
    public required RankingData Data { get; init; }
    public required RankingFunctions Functions { get; init; }
    public required RankingLogs Logs { get; init; }
}

using Ranking.Infra.Api;
using Ranking.Infra.Configuration;
using Ranking.Infra.Feeds;
using Ranking.Infra.Functions;
using Ranking.Infra.Training;

namespace Ranking.Infra.Observability;

internal sealed class RankingObservabilityProps
{
    public required InfraSettings Settings { get; init; }
    public required RankingFunctions Functions { get; init; }
    public required RankingApi Api { get; init; }
    public required FeedRerankQueue Feeds { get; init; }
    public required FeedBackfill Backfill { get; init; }
    public required TrainingPipeline Training { get; init; }
}

using Amazon.CDK.AWS.Lambda;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Api;

internal sealed class RankingApiProps
{
    public required InfraSettings Settings { get; init; }
    public required IFunction RankFunction { get; init; }
}

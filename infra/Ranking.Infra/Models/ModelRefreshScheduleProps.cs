using Amazon.CDK.AWS.Lambda;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Models;

internal sealed class ModelRefreshScheduleProps
{
    public required InfraSettings Settings { get; init; }
    public required IFunction ModelRefreshFunction { get; init; }
}

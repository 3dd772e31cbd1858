using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SQS;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Feeds;

internal sealed class FeedBackfillProps
{
    public required InfraSettings Settings { get; init; }
    public required Function Function { get; init; }
    public required Queue Queue { get; init; }
    /// <summary>The model registry, whose stream carries live alias changes.</summary>
    public required Table Models { get; init; }
}

using Amazon.CDK.AWS.Lambda;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Feeds;

internal sealed class FeedRerankQueueProps
{
    public required InfraSettings Settings { get; init; }
    public required Function FeedRerankFunction { get; init; }
}

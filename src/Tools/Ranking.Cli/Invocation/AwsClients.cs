using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ranking.Stores.Models;

namespace Ranking.Cli.Invocation;

/// <summary>
/// Makes the SDK clients of the commands that talk to AWS when such a command runs, so a missing region or bad endpoint
/// fails that command with its own message and never the others.
/// </summary>
internal sealed class AwsClients
{
    public required Func<IAmazonDynamoDB> DynamoDb { get; init; }

    public required Func<IAmazonS3> S3 { get; init; }

    public required Func<IAmazonSQS> Sqs { get; init; }

    /// <summary>
    /// The SDK's standard configuration (credentials, region, <c>AWS_ENDPOINT_URL_DYNAMODB</c> and <c>_SQS</c>); S3 as
    /// every host builds it (<see cref="S3Connection"/>).
    /// </summary>
    public static AwsClients FromEnvironment() => new()
    {
        DynamoDb = static () => new AmazonDynamoDBClient(),
        S3 = static () => S3Connection.Create(Environment.GetEnvironmentVariable(S3Connection.EndpointVariable)),
        Sqs = static () => new AmazonSQSClient(),
    };
}

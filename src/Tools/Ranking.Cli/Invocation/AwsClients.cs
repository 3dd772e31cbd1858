using Amazon.DynamoDBv2;
using Amazon.Runtime;
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

    /// <summary>The credentials s3rver accepts (dynalite takes any): <c>ranking dev up</c> prints them for the shell.</summary>
    public const string LoopbackKey = "S3RVER";
    public const string LoopbackRegion = "us-east-1";

    /// <summary>
    /// Clients of dynalite and s3rver on loopback (<c>ranking dev up</c>, the tests): their credentials, path-style S3,
    /// only the checksums S3 requires, and no SDK retries, since a refused loopback connection is the answer at once.
    /// </summary>
    public static AwsClients Loopback(string dynamoDbUrl, string s3Url, string sqsUrl) => new()
    {
        DynamoDb = () => new AmazonDynamoDBClient(
            new BasicAWSCredentials(LoopbackKey, LoopbackKey),
            new AmazonDynamoDBConfig { ServiceURL = dynamoDbUrl, AuthenticationRegion = LoopbackRegion, MaxErrorRetry = 0 }),
        S3 = () => new AmazonS3Client(
            new BasicAWSCredentials(LoopbackKey, LoopbackKey),
            new AmazonS3Config
            {
                ServiceURL = s3Url,
                ForcePathStyle = true,
                AuthenticationRegion = LoopbackRegion,
                MaxErrorRetry = 0,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            }),
        Sqs = () => new AmazonSQSClient(
            new BasicAWSCredentials(LoopbackKey, LoopbackKey),
            new AmazonSQSConfig { ServiceURL = sqsUrl, AuthenticationRegion = LoopbackRegion, MaxErrorRetry = 0 }),
    };
}

using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace Ranking.Cli.Invocation;

/// <summary>
/// Makes the SDK clients of the commands that talk to AWS when such a command runs, so a missing region or bad endpoint
/// fails that command with its own message and never the others.
/// </summary>
internal sealed class AwsClients
{
    private const string S3EndpointVariable = "AWS_ENDPOINT_URL_S3";

    public required Func<IAmazonDynamoDB> DynamoDb { get; init; }

    public required Func<IAmazonS3> S3 { get; init; }

    public required Func<IAmazonSQS> Sqs { get; init; }

    /// <summary>
    /// The SDK's standard configuration (credentials, region, <c>AWS_ENDPOINT_URL_DYNAMODB</c> and <c>_SQS</c>). S3 with
    /// a custom <c>AWS_ENDPOINT_URL_S3</c> needs path-style addressing, since a loopback or on-premises endpoint has no
    /// per-bucket host names, and only the checksums it requires.
    /// </summary>
    public static AwsClients FromEnvironment() => new()
    {
        DynamoDb = static () => new AmazonDynamoDBClient(),
        S3 = S3FromEnvironment,
        Sqs = static () => new AmazonSQSClient(),
    };

    private static AmazonS3Client S3FromEnvironment()
    {
        var config = new AmazonS3Config();
        if (Environment.GetEnvironmentVariable(S3EndpointVariable) is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            // Trailing checksums send uploads aws-chunked, which S3-compatible servers such as s3rver store verbatim.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return new AmazonS3Client(config);
    }
}

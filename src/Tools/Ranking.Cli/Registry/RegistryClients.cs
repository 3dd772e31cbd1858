using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Ranking.Stores.Registry;

namespace Ranking.Cli.Registry;

/// <summary>
/// SDK clients for the registry commands. DynamoDB takes the SDK's standard configuration (AWS_ENDPOINT_URL_DYNAMODB
/// included); S3 with a custom AWS_ENDPOINT_URL_S3 needs path-style addressing, since a loopback or on-premises
/// endpoint has no per-bucket host names, and only the checksums it requires.
/// </summary>
internal static class RegistryClients
{
    public const string S3EndpointVariable = "AWS_ENDPOINT_URL_S3";

    public static AmazonDynamoDBClient DynamoDb() => new();

    public static AmazonS3Client S3()
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

    public static DynamoModelRegistry Registry(IAmazonDynamoDB client, string table) => new(client, table, TimeProvider.System, Random.Shared.NextDouble);
}

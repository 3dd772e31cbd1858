using Amazon.DynamoDBv2;
using Amazon.S3;
using Ranking.Lambda.Runtime;

namespace Ranking.Functions.Hosting.Aws;

/// <summary>
/// SDK clients built once at init. Endpoints come from the SDK's standard <c>AWS_ENDPOINT_URL_DYNAMODB</c> and
/// <c>AWS_ENDPOINT_URL_S3</c> variables (how tests reach dynalite and s3rver); a custom S3 endpoint needs
/// path-style addressing, since a loopback server has no per-bucket host names.
/// </summary>
public static class AwsClients
{
    public const string DynamoDbEndpoint = "AWS_ENDPOINT_URL_DYNAMODB";
    public const string S3Endpoint = "AWS_ENDPOINT_URL_S3";

    public static AmazonDynamoDBClient DynamoDb(IEnvironment environment)
    {
        var config = new AmazonDynamoDBConfig();
        if (environment.Get(DynamoDbEndpoint) is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
        }

        return new AmazonDynamoDBClient(config);
    }

    public static AmazonS3Client S3(IEnvironment environment)
    {
        var config = new AmazonS3Config();
        if (environment.Get(S3Endpoint) is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
        }

        return new AmazonS3Client(config);
    }
}

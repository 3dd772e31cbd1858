using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Models;

namespace Ranking.Functions.Hosting.Aws;

/// <summary>
/// SDK clients built once at init. Endpoints come from the SDK's standard <c>AWS_ENDPOINT_URL_DYNAMODB</c> and
/// <c>AWS_ENDPOINT_URL_S3</c> (and <c>AWS_ENDPOINT_URL_SQS</c>) variables (how tests reach dynalite and s3rver), read through the function's
/// environment seam; S3 is configured as every host configures it (<see cref="S3Connection"/>).
/// </summary>
public static class AwsClients
{
    public const string DynamoDbEndpoint = "AWS_ENDPOINT_URL_DYNAMODB";
    public const string SqsEndpoint = "AWS_ENDPOINT_URL_SQS";

    public static AmazonDynamoDBClient DynamoDb(IEnvironment environment)
    {
        var config = new AmazonDynamoDBConfig();
        if (environment.Get(DynamoDbEndpoint) is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
        }

        return new AmazonDynamoDBClient(config);
    }

    /// <summary>The endpoint comes from <c>AWS_ENDPOINT_URL_SQS</c> when set (tests: a loopback SQS).</summary>
    public static AmazonSQSClient Sqs(IEnvironment environment)
    {
        var config = new AmazonSQSConfig();
        if (environment.Get(SqsEndpoint) is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
        }

        return new AmazonSQSClient(config);
    }

    public static AmazonS3Client S3(IEnvironment environment) => S3Connection.Create(environment.Get(S3Connection.EndpointVariable));
}

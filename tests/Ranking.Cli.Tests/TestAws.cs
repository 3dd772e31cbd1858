using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ranking.Cli.Invocation;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests;

/// <summary>AWS for the commands under test: none at all, endpoints that refuse, or servers on loopback.</summary>
internal static class TestAws
{
    /// <summary>Every factory throws a bug: a command run with these must fail, or succeed, before it makes a client.</summary>
    public static AwsClients None() => new()
    {
        DynamoDb = Unexpected<IAmazonDynamoDB>,
        S3 = Unexpected<IAmazonS3>,
        Sqs = Unexpected<IAmazonSQS>,
    };

    /// <summary>Every service at a loopback port where nothing listens, as with a wrong endpoint variable.</summary>
    public static AwsClients Refusing()
    {
        var url = BlackholeServer.RefusingUrl();
        return At(url, url, url);
    }

    /// <summary>
    /// Clients without SDK retries (a refused connection is the answer, at once), with the credentials dynalite and
    /// s3rver accept and the path-style S3 addressing loopback needs.
    /// </summary>
    public static AwsClients At(string dynamoDbUrl, string s3Url, string sqsUrl) => new()
    {
        DynamoDb = () => new AmazonDynamoDBClient(
            new BasicAWSCredentials(DynaliteServer.AccessKey, DynaliteServer.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = dynamoDbUrl, AuthenticationRegion = DynaliteServer.Region, MaxErrorRetry = 0 }),
        S3 = () => new AmazonS3Client(
            new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            new AmazonS3Config
            {
                ServiceURL = s3Url,
                ForcePathStyle = true,
                AuthenticationRegion = S3rverServer.Region,
                MaxErrorRetry = 0,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            }),
        Sqs = () => new AmazonSQSClient(
            new BasicAWSCredentials(DynaliteServer.AccessKey, DynaliteServer.SecretKey),
            new AmazonSQSConfig { ServiceURL = sqsUrl, AuthenticationRegion = DynaliteServer.Region, MaxErrorRetry = 0 }),
    };

    private static T Unexpected<T>() => throw new InvalidOperationException($"this command line must not make an {typeof(T).Name}");
}

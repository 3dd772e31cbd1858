using Amazon.DynamoDBv2;
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

    /// <summary>Clients of the loopback servers, as <c>ranking dev up</c> makes them.</summary>
    public static AwsClients At(string dynamoDbUrl, string s3Url, string sqsUrl) => AwsClients.Loopback(dynamoDbUrl, s3Url, sqsUrl);

    private static T Unexpected<T>() => throw new InvalidOperationException($"this command line must not make an {typeof(T).Name}");
}

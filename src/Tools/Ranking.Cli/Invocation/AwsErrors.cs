using Amazon.Runtime;
using Ranking.Stores.DynamoDb;

namespace Ranking.Cli.Invocation;

internal static class AwsErrors
{
    /// <summary>
    /// Failures the user fixes (credentials, region, endpoint, table names, throttling): printed as one line,
    /// without a stack trace.
    /// </summary>
    public static bool IsExpected(Exception e) =>
        e is AmazonClientException or AmazonServiceException or StoreException or HttpRequestException;
}

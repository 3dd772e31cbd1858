using Amazon.Runtime;
using Amazon.S3;

namespace Ranking.Stores.Models;

/// <summary>
/// The S3 client every host builds: the SDK's standard configuration, or a custom endpoint from
/// <c>AWS_ENDPOINT_URL_S3</c> (s3rver in tests, an on-premises store). Such an endpoint needs path-style addressing,
/// since it has no per-bucket host names, and only the checksums it requires: trailing checksums send uploads
/// aws-chunked, which S3-compatible servers such as s3rver store verbatim.
/// </summary>
public static class S3Connection
{
    public const string EndpointVariable = "AWS_ENDPOINT_URL_S3";

    public static AmazonS3Client Create(string? endpoint)
    {
        var config = new AmazonS3Config();
        if (endpoint is { Length: > 0 })
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return new AmazonS3Client(config);
    }
}

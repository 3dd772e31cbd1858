using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ranking.Stores.Models;
using Ranking.Testing.Loopback;

namespace Ranking.Stores.Tests.Registry;

/// <summary>
/// A real S3 client to s3rver that records the keys it uploads, in order, and what a reader listing the model's
/// packages saw just before each upload: the evidence that a package is invisible until its manifest lands.
/// </summary>
internal sealed class RecordingS3Client(S3rverServer server, string modelName)
    : AmazonS3Client(new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey), new AmazonS3Config
    {
        ServiceURL = server.ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = S3rverServer.Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    })
{
    public List<string> Uploaded { get; } = [];

    /// <summary>The versions <see cref="S3ModelPackages"/> listed right before each upload, keyed by the uploaded key.</summary>
    public Dictionary<string, IReadOnlyList<string>> VisibleBefore { get; } = new(StringComparer.Ordinal);

    public override async Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken = default)
    {
        VisibleBefore[request.Key] = await new S3ModelPackages(this, request.BucketName).ListVersionsAsync(modelName, cancellationToken);
        var response = await base.PutObjectAsync(request, cancellationToken);
        Uploaded.Add(request.Key);
        return response;
    }
}

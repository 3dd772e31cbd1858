using Amazon.Runtime;
using Amazon.S3;
using Ranking.Testing.Loopback;

namespace Ranking.Stores.Tests.Support;

/// <summary>One s3rver for all S3 tests; each test writes under its own model name, so tests stay independent.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private S3rverServer? _server;

    public S3rverServer Server => _server ?? throw new InvalidOperationException("not started");

    public AmazonS3Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await S3rverServer.StartAsync();
        Client = new AmazonS3Client(
            new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            new AmazonS3Config
            {
                ServiceURL = _server.ServiceUrl,
                ForcePathStyle = true,
                AuthenticationRegion = S3rverServer.Region,
                // The SDK's default trailing checksums send uploads aws-chunked, which s3rver stores verbatim (chunk headers included).
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

using System.Globalization;

namespace Ranking.Testing.Loopback;

/// <summary>
/// s3rver (the S3 API, files in a temporary folder) on a loopback port with one bucket created at start, from the
/// repo's node_modules (<c>npm ci</c>). Clients must use path-style requests (<c>ForcePathStyle = true</c>):
/// a bucket subdomain of 127.0.0.1 does not resolve. Dispose to stop it and delete its folder.
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Region = "us-east-1";

    private readonly NodeProcess _process;
    private readonly string _directory;

    private S3rverServer(NodeProcess process, string directory, string bucket)
    {
        _process = process;
        _directory = directory;
        Bucket = bucket;
    }

    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_process.Port}");

    /// <summary>The bucket created at start.</summary>
    public string Bucket { get; }

    /// <summary>The SDK's standard variables that send a child process's S3 calls here.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_S3"] = ServiceUrl,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = Region,
    };

    /// <exception cref="InvalidOperationException">s3rver is not installed (run npm ci) or exited at start.</exception>
    /// <exception cref="TimeoutException">s3rver did not listen in time.</exception>
    public static async Task<S3rverServer> StartAsync(string bucket = "ranking-test", CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        try
        {
            // --address: s3rver binds "localhost" by default, which may resolve to ::1 only.
            var process = await NodeProcess.StartAsync("s3rver", Path.Combine("node_modules", "s3rver", "bin", "s3rver.js"),
                port => ["--directory", directory, "--address", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--silent", "--configure-bucket", bucket],
                cancellationToken);
            return new S3rverServer(process, directory, bucket);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the test run over it is not.
        }
    }
}

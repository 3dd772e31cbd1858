using System.Globalization;

namespace Ranking.Testing.Loopback;

/// <summary>
/// dynalite (the DynamoDB API, in memory) on a loopback port, from the repo's node_modules (<c>npm ci</c>).
/// Point an SDK client at <see cref="ServiceUrl"/> with any credentials, e.g. <see cref="AccessKey"/>/<see cref="SecretKey"/>,
/// or a child process at it with <see cref="Environment"/>. Dispose to stop it.
/// </summary>
public sealed class DynaliteServer : IAsyncDisposable
{
    public const string AccessKey = "test";
    public const string SecretKey = "test";
    public const string Region = "us-east-1";

    private readonly NodeProcess _process;

    private DynaliteServer(NodeProcess process)
    {
        _process = process;
    }

    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_process.Port}");

    /// <summary>The SDK's standard variables that send a child process's DynamoDB calls here.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_DYNAMODB"] = ServiceUrl,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = Region,
    };

    /// <exception cref="InvalidOperationException">dynalite is not installed (run npm ci) or exited at start.</exception>
    /// <exception cref="TimeoutException">dynalite did not listen in time.</exception>
    public static async Task<DynaliteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // Table creation and deletion are instant here (dynalite's default keeps tables CREATING for a while).
        var process = await NodeProcess.StartAsync("dynalite", Path.Combine("node_modules", "dynalite", "cli.js"),
            port => ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
            cancellationToken);
        return new DynaliteServer(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

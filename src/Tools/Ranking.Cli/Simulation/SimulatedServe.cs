using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Serve;

namespace Ranking.Cli.Simulation;

/// <summary>
/// The serve the simulator drives over HTTP: one it starts in process, whose clock it sets and whose checks it
/// triggers, or one already running (<c>--url</c>) over the simulation's folders, which it waits on.
/// </summary>
internal interface ISimulatedServe : IAsyncDisposable
{
    Uri Address { get; }

    /// <summary>Serve's wall clock for the next request (in process); a running serve keeps its own, and requests carry their <c>time</c>.</summary>
    void SetTime(DateTimeOffset at);

    /// <summary>Returns once the impressions of every answered ranking are in the logs folder.</summary>
    /// <param name="impressions">
    /// How many rankings have been answered so far. A running serve's are counted as lines: one per impression, since
    /// a page of at most 100 items stays far below the 200 KB at which a record is split into parts.
    /// </param>
    Task SettleLogsAsync(long impressions, CancellationToken cancellationToken);

    /// <summary>
    /// Returns once serve has decided on each submitted version. Serve in process also re-reads the experiments folder
    /// now; a running one does at its next poll, which the experiment loop waits for by the responses' tags.
    /// </summary>
    /// <param name="submitted">Each surface's newly submitted version, which serve must have promoted or rejected; empty after an experiment change.</param>
    Task CheckModelsAsync(IReadOnlyDictionary<string, string> submitted, CancellationToken cancellationToken);

    /// <summary>The version serving <paramref name="surface"/>, or null when none does.</summary>
    Task<string?> LiveVersionAsync(string surface, CancellationToken cancellationToken);
}

/// <summary>serve in this process, on a loopback port, with the simulated day as its clock; its own lines go to <c>OUT/serve.log</c>.</summary>
internal sealed class InProcessServe : ISimulatedServe
{
    private readonly LocalServer _server;
    private readonly SimulatedClock _clock;
    private readonly StreamWriter _log;

    private InProcessServe(LocalServer server, SimulatedClock clock, StreamWriter log)
    {
        _server = server;
        _clock = clock;
        _log = log;
    }

    public Uri Address => _server.Address;

    public static async Task<InProcessServe> StartAsync(SimulationOptions options, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var clock = new SimulatedClock(start);
        var log = new StreamWriter(Path.Combine(options.Out, "serve.log"), append: false, new UTF8Encoding(false)) { AutoFlush = true };
        var serveOptions = new ServeOptions
        {
            Port = 0,
            DataDirectory = Path.Combine(options.Out, "data"),
            ModelsDirectory = Path.Combine(options.Out, "models"),
            LogDirectory = Path.Combine(options.Out, "logs"),
            ExperimentsDirectory = Path.Combine(options.Out, "experiments"),
            // The simulator asks for every check itself, when it has changed a folder.
            ModelPollInterval = TimeSpan.FromDays(1),
        };
        try
        {
            var random = new Random(options.Seed);
            return new InProcessServe(await LocalServer.StartAsync(serveOptions, clock, random.NextDouble, new ServerLog(log, log), cancellationToken), clock, log);
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }
    }

    public void SetTime(DateTimeOffset at) => _clock.Now = at;

    public Task SettleLogsAsync(long impressions, CancellationToken cancellationToken)
    {
        _server.WritePendingImpressions();
        return Task.CompletedTask;
    }

    public Task CheckModelsAsync(IReadOnlyDictionary<string, string> submitted, CancellationToken cancellationToken) =>
        _server.CheckModelsAsync(cancellationToken);

    public Task<string?> LiveVersionAsync(string surface, CancellationToken cancellationToken) =>
        Task.FromResult(_server.Catalog.Surfaces.First(s => s.Surface == surface).Model?.Version);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _log.DisposeAsync();
    }
}

/// <summary>
/// A serve someone started over the simulation's folders (<c>--data OUT/data --models OUT/models --log-dir OUT/logs
/// --experiments OUT/experiments</c>): the simulator watches its logs folder and its health endpoint instead.
/// </summary>
internal sealed class RemoteServe(Uri address, string logs, TimeSpan wait) : ISimulatedServe
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => address;

    public void SetTime(DateTimeOffset at)
    {
    }

    /// <exception cref="TimeoutException">serve wrote fewer records within the wait: it logs elsewhere.</exception>
    public async Task SettleLogsAsync(long impressions, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(logs, "impressions");
        var started = Stopwatch.GetTimestamp();
        long lines;
        while ((lines = CountLines(folder)) < impressions)
        {
            if (Stopwatch.GetElapsedTime(started) > wait)
            {
                throw new TimeoutException(
                    $"{address} answered {impressions} rankings but {folder} holds {lines} impression records after {wait.TotalSeconds:F0} s: start serve with --log-dir {logs}");
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    /// <exception cref="TimeoutException">serve neither promoted nor rejected a submitted version within the wait.</exception>
    public async Task CheckModelsAsync(IReadOnlyDictionary<string, string> submitted, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var health = await HealthAsync(cancellationToken);
            var pending = submitted.Where(s => !Decided(health.RootElement, s.Key, s.Value)).Select(s => $"{s.Key} version {s.Value}").ToList();
            if (pending.Count == 0)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > wait)
            {
                throw new TimeoutException(
                    $"{address} did not take up or reject {string.Join(", ", pending)} within {wait.TotalSeconds:F0} s: is it serving this simulation's models folder, polling it (--model-poll-seconds)?");
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    public async Task<string?> LiveVersionAsync(string surface, CancellationToken cancellationToken)
    {
        using var health = await HealthAsync(cancellationToken);
        return Surface(health.RootElement, surface) is { } model && model.GetProperty("version").ValueKind == JsonValueKind.String
            ? model.GetProperty("version").GetString()
            : null;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <exception cref="TimeoutException">serve did not answer within the client's timeout.</exception>
    /// <exception cref="InvalidDataException">The answer is not serve's health (another server at --url).</exception>
    private async Task<JsonDocument> HealthAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync("/v1/health", cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{address} did not answer /v1/health within {_http.Timeout.TotalSeconds:F0} s", e);
        }

        var health = JsonDocument.Parse(text);
        if (!health.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            health.Dispose();
            throw new InvalidDataException($"{address}/v1/health is not serve's health (no models list): {text[..Math.Min(200, text.Length)]}");
        }

        return health;
    }

    private static JsonElement? Surface(JsonElement health, string surface) =>
        health.GetProperty("models").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(m => m!.Value.TryGetProperty("surface", out var name) && name.GetString() == surface);

    /// <summary>Serving the version, or listing it as skipped (rejected by the gates).</summary>
    private static bool Decided(JsonElement health, string surface, string version)
    {
        if (Surface(health, surface) is not { } model)
        {
            return false;
        }

        if (model.GetProperty("version") is { ValueKind: JsonValueKind.String } serving && serving.GetString() == version)
        {
            return true;
        }

        return model.TryGetProperty("skipped", out var skipped) && skipped.EnumerateArray().Any(s => s.GetProperty("version").GetString() == version);
    }

    private static long CountLines(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        long lines = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }

        return lines;
    }
}

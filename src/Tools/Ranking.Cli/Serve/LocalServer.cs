using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ranking.Cli.Serve.Dashboard;
using Ranking.Cli.Serve.Http;
using Ranking.Contracts.Rules;
using Ranking.Handlers;
using Ranking.Handlers.Events;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Http;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Stores.Experiments;
using Ranking.Stores.Files;

namespace Ranking.Cli.Serve;

/// <summary>
/// <c>ranking serve</c>: Kestrel on loopback in front of the same handlers the Lambda functions run, over the
/// embedded store and a local models folder. Kestrel is only an adapter from HttpContext to <see cref="ApiRequest"/>.
/// </summary>
internal sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelCatalog _catalog;
    private readonly LocalFeedQueue _queue;

    private readonly LocalModelWatcher _watcher;
    private readonly HourlyJsonlSink _logs;
    private readonly ImpressionLog _impressions;
    private readonly ITimer _impressionWriter;
    private readonly RankingInstruments _instruments;

    /// <summary>How long a captured impression may wait before it is serialised to its file's buffer.</summary>
    private static readonly TimeSpan s_writeImpressionsEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Local checks read files and run the gates (parity and latency on the holdout): seconds, not the Lambda's budget.</summary>
    private static readonly TimeSpan s_localCheckTimeout = TimeSpan.FromSeconds(60);

    private LocalServer(
        WebApplication app, ModelCatalog catalog, LocalFeedQueue queue, LocalModelWatcher watcher, HourlyJsonlSink logs, ImpressionLog impressions, ITimer impressionWriter,
        EmbeddedStore store, RankingInstruments instruments, MetricsCollector metrics)
    {
        _logs = logs;
        _impressions = impressions;
        _impressionWriter = impressionWriter;
        _app = app;
        _catalog = catalog;
        _queue = queue;
        _watcher = watcher;
        Store = store;
        _instruments = instruments;
        Metrics = metrics;
    }

    public Uri Address { get; private set; } = null!;
    public ModelCatalog Catalog => _catalog;
    public EmbeddedStore Store { get; }
    /// <summary>What the server's instruments recorded: <c>/metrics</c> renders it.</summary>
    public MetricsCollector Metrics { get; }
    public string LogDirectory => _logs.Directory;

    /// <exception cref="FileNotFoundException">The data folder or the rules file is missing.</exception>
    /// <exception cref="FormatException">A data file, the surface map or the rules do not parse.</exception>
    public static async Task<LocalServer> StartAsync(ServeOptions options, TimeProvider time, Func<double> randomizer, ServerLog log, CancellationToken cancellationToken)
    {
        var store = EmbeddedStore.Load(options.DataDirectory);
        var surfaceMap = SurfaceMap.Parse(options.Surfaces);
        var shadows = ShadowMap.Parse(options.Shadow, surfaceMap.Keys);
        var logOptions = new ImpressionLogOptions { Sample = LogSample(options.LogSample, surfaceMap.Keys), Top = options.LogTop };
        var metrics = new RankingInstruments();
        var collector = new MetricsCollector(metrics.Meter);
        var catalog = ModelCatalog.Pending(surfaceMap, ReadRules(options.RulesFile, surfaceMap));
        var locator = new GatedModelFolder(options.ModelsDirectory, catalog, options.Gates, metrics, log.Models);
        // Start-up goes through the same gated refresher as every later poll: a restart serves what a running server would.
        var refresher = new ModelRefresher(catalog, locator, metrics, time, options.ModelPollInterval, s_localCheckTimeout)
        {
            Experiments = new FolderExperimentStore(options.ExperimentsDirectory),
        };
        await refresher.RefreshAsync(log.Models, cancellationToken);
        await ShadowMap.AttachAsync(catalog, shadows, locator, s_localCheckTimeout, log.Models, cancellationToken);
        var logs = new HourlyJsonlSink(options.LogDirectory, time, metrics);
        var impressions = new ImpressionLog(logs, logOptions, randomizer, metrics);
        var impressionWriter = time.CreateTimer(_ => impressions.WritePending(), null, s_writeImpressionsEvery, s_writeImpressionsEvery);
        var queue = new LocalFeedQueue(new FeedRerankHandler(catalog, store, store, store, time, metrics, impressions, log.Models));
        var router = RankingApi.CreateRouter(
            new RankHandler(catalog, store, store, options.Ranking, time, randomizer, metrics, impressions, log.Models),
            new EventsHandler(logs, options.Ranking, time, metrics),
            new HealthHandler(catalog, locator));
        new FeedEndpoints(catalog, store, queue, options.Ranking).Map(router);
        new ExperimentReportEndpoint(catalog, options.LogDirectory, () => impressions.WritePending(), time).Map(router);
        var docs = ApiDocs.Load();
        router
            .Map("GET", "/openapi.json", (_, _, _) => ValueTask.FromResult(new ApiResponse { StatusCode = 200, Body = docs.Document }))
            .Map("GET", "/docs", (_, _, _) => ValueTask.FromResult(new ApiResponse { StatusCode = 200, Body = docs.Page, ContentType = "text/html; charset=utf-8" }))
            .Map("GET", "/metrics", (_, _, _) => ValueTask.FromResult(new ApiResponse { StatusCode = 200, Body = PrometheusText.Render(collector.Snapshot()), ContentType = PrometheusText.ContentType }))
            .Map("GET", "/", (_, _, _) => ValueTask.FromResult(new ApiResponse { StatusCode = 200, Body = DashboardPage.Html, ContentType = "text/html; charset=utf-8" }));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                // HTTP/1.1 only: one request at a time per connection is what lets ErrorShapingWriter tell Kestrel's own answers apart.
                listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;
                listen.Use(next => connection =>
                {
                    var activity = new ConnectionActivity();
                    connection.Items[typeof(ConnectionActivity)] = activity;
                    connection.Transport = new ShapedTransport(connection.Transport, activity);
                    return next(connection);
                });
            });
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var maxBody = options.Ranking.MaxBodyBytes;
        app.Run(context => HandleAsync(context, router, metrics, log, maxBody));

        var watcher = new LocalModelWatcher(refresher, options.ModelPollInterval, log.Models);
        var server = new LocalServer(app, catalog, queue, watcher, logs, impressions, impressionWriter, store, metrics, collector);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Checks the models folder now rather than at the next poll.</summary>
    public Task CheckModelsAsync(CancellationToken cancellationToken) => _watcher.CheckAsync(cancellationToken);

    /// <summary>Writes the impressions captured so far now rather than at the next tick (the simulator, before it moves its clock to another day).</summary>
    public void WritePendingImpressions() => _impressions.WritePending();

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _watcher.DisposeAsync();
        await _queue.DisposeAsync();
        // After the host stopped: every response it answered has had its impression captured, and now written.
        await _impressionWriter.DisposeAsync();
        _impressions.WritePending();
        _logs.Dispose();
        _catalog.Dispose();
        Metrics.Dispose();
        _instruments.Dispose();
    }

    private static async Task HandleAsync(HttpContext context, Router router, IRankingMetrics metrics, ServerLog log, int maxBody)
    {
        var activity = context.Features.Get<IConnectionItemsFeature>()?.Items[typeof(ConnectionActivity)] as ConnectionActivity;
        activity?.Begin();
        try
        {
            await AnswerAsync(context, router, metrics, log, maxBody);
        }
        finally
        {
            activity?.End();
        }
    }

    private static async Task AnswerAsync(HttpContext context, Router router, IRankingMetrics metrics, ServerLog log, int maxBody)
    {
        var requestId = Guid.NewGuid().ToString("N");
        ApiResponse response;
        try
        {
            var (body, tooLarge) = await ReadBodyAsync(context.Request, maxBody, context.RequestAborted);
            var request = new ApiRequest
            {
                Method = context.Request.Method,
                Path = context.Request.Path.Value ?? "/",
                ContentType = context.Request.ContentType,
                Body = body,
                BodyTooLarge = tooLarge,
                RequestId = requestId,
            };
            response = await router.DispatchAsync(request, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a reset mid-upload included): nobody to answer, and not our fault.
            return;
        }
        catch (BadHttpRequestException e)
        {
            // The client's fault (a malformed chunk, a body shorter than its Content-Length, a body too slow): a 4xx, logged as such.
            var error = e.StatusCode == StatusCodes.Status408RequestTimeout
                ? KestrelRejections.RequestTimeout($"the request body did not arrive in time: {e.Message}")
                : new ApiError(e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400, "invalid_request", $"the request body could not be read: {e.Message}");
            metrics.RankRejected(error.Code);
            await log.ClientErrorAsync(requestId, error.StatusCode, e.Message);
            response = JsonBody.Error(error, requestId);
        }
        catch (Exception e)
        {
            // A bug, not an expected failure: answer in the error shape, count it and keep serving.
            metrics.RankRejected("internal_error");
            await log.InternalErrorAsync(requestId, e);
            response = JsonBody.Error(new ApiError(500, "internal_error", "unexpected error; it has been logged"), requestId);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        context.Response.Headers["x-request-id"] = requestId;
        try
        {
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
            await context.Response.CompleteAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while we answered: nothing to tell it.
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> + 1 bytes, so an oversized body is detected without buffering it whole.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return ([], true);
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length and > 0 ? (int)length : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return (buffer.WrittenSpan.ToArray(), false);
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return ([], true);
            }
        }
    }

    /// <exception cref="FormatException">The option does not parse; the message names it, as the Lambda's names its variable.</exception>
    private static IReadOnlyDictionary<string, double> LogSample(string? text, IEnumerable<string> surfaces)
    {
        try
        {
            return LogSampleMap.Parse(text, surfaces);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--log-sample: {e.Message}", e);
        }
    }

    /// <exception cref="FileNotFoundException">The rules file is missing.</exception>
    /// <exception cref="FormatException">The rules do not parse; the message names the file and the key.</exception>
    private static IReadOnlyDictionary<string, SurfaceRulesSettings>? ReadRules(string? path, IReadOnlyDictionary<string, string> surfaces)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--rules: no file at {Path.GetFullPath(path)}", path);
        }

        try
        {
            return RulesConfiguration.Parse(File.ReadAllText(path), [.. surfaces.Keys]);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--rules {path}: {e.Message}", e);
        }
    }
}

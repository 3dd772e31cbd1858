using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ranking.Testing.RuntimeApi;

/// <summary>
/// The Lambda Runtime API (2018-06-01) on 127.0.0.1 with an ephemeral port: set <c>AWS_LAMBDA_RUNTIME_API</c> to
/// <see cref="Address"/>, queue events with <see cref="InvokeAsync"/>. <c>invocation/next</c> long-polls like the real
/// one; disposing stops the server, which is how a function's loop learns the environment is gone.
/// </summary>
public sealed partial class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_answerGrace = TimeSpan.FromSeconds(10);

    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InitError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;
    private long _firstNextAtTicks;
    private int _responseFailuresToInject;
    private int _nextCalls;
    private int _responsePosts;
    private int _disposed;

    private FakeRuntimeApi(WebApplication app)
    {
        _app = app;
        Address = string.Empty;
    }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c>.</summary>
    public string Address { get; private set; }

    /// <summary>When the function first called <c>invocation/next</c>, i.e. when its init finished.</summary>
    public DateTimeOffset? FirstNextAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _firstNextAtTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Completes when the function posts <c>init/error</c>.</summary>
    public Task<InitError> InitErrorAsync => _initError.Task;

    public int NextCalls => Volatile.Read(ref _nextCalls);

    /// <summary>Every POST to <c>invocation/{id}/response</c>, including the ones answered with an injected 500.</summary>
    public int ResponsePosts => Volatile.Read(ref _responsePosts);

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var api = new FakeRuntimeApi(app);
        api.MapEndpoints();
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        api.Address = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        return api;
    }

    /// <summary>
    /// Queues an event for the next <c>invocation/next</c> and completes when the function answers. The deadline
    /// header is now + <paramref name="timeout"/> (default 30 s); the task fails with <see cref="TimeoutException"/>
    /// if no answer arrives within a grace period after the deadline.
    /// </summary>
    public async Task<InvocationOutcome> InvokeAsync(byte[] payload, TimeSpan? timeout = null, string? requestId = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var id = requestId ?? Guid.NewGuid().ToString();
        var limit = timeout ?? s_defaultTimeout;
        var pending = new PendingInvocation(id, payload, DateTimeOffset.UtcNow + limit, NewTraceId());
        if (!_inFlight.TryAdd(id, pending))
        {
            throw new InvalidOperationException("Request id " + id + " is already in flight.");
        }

        await _queue.Writer.WriteAsync(pending);
        try
        {
            return await pending.Outcome.Task.WaitAsync(limit + s_answerGrace);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The function did not answer invocation " + id + " within " + limit + " (+ grace).");
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
        }
    }

    /// <summary>Answers the next <paramref name="count"/> response posts with 500, as the Runtime API does when it has a transient fault.</summary>
    public void FailNextResponsePosts(int count) => Interlocked.Exchange(ref _responseFailuresToInject, count);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // End the long polls first: Kestrel's graceful stop would otherwise wait for them until its timeout.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var pending in _inFlight.Values)
        {
            pending.Outcome.TrySetException(new ObjectDisposedException(nameof(FakeRuntimeApi), "The Runtime API stopped before the function answered."));
        }

        _initError.TrySetCanceled();
        _stopping.Dispose();
    }

    private static string NewTraceId()
    {
        var root = Guid.NewGuid().ToString("N");
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return "Root=1-" + seconds + "-" + root[..24] + ";Parent=" + root[16..] + ";Sampled=1";
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ranking.Lambda.Runtime;
using Ranking.Testing.Output;
using Ranking.Testing.RuntimeApi;
using Ranking.Testing.Seams;

namespace Ranking.Lambda.Tests.Runtime;

/// <summary>The bootstrap loop against a Runtime API server on loopback, over real HTTP.</summary>
public sealed class LambdaBootstrapTests
{
    private static readonly LambdaHandler s_echo = (invocation, _) =>
        ValueTask.FromResult(Encoding.UTF8.GetBytes("echo:" + Encoding.UTF8.GetString(invocation.Payload.Span)));

    [Fact]
    public async Task Invocation_WithHandlerResult_PostsItAsTheResponse()
    {
        await using var function = await RunningFunction.StartAsync(s_echo);

        var outcome = await function.InvokeAsync("""{"a":1}""");

        Assert.False(outcome.IsError);
        Assert.Equal("""echo:{"a":1}""", outcome.BodyText);
    }

    [Fact]
    public async Task Invocation_Handler_ReceivesRequestIdTraceIdArnAndDeadline()
    {
        LambdaInvocation? seen = null;
        await using var function = await RunningFunction.StartAsync((invocation, _) =>
        {
            seen = invocation;
            return ValueTask.FromResult<byte[]>([]);
        });

        var before = DateTimeOffset.UtcNow;
        await function.InvokeAsync("{}", TimeSpan.FromSeconds(20), requestId: "req-1");

        Assert.NotNull(seen);
        Assert.Equal("req-1", seen.RequestId);
        Assert.StartsWith("Root=1-", seen.TraceId, StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:lambda:", seen.FunctionArn, StringComparison.Ordinal);
        Assert.InRange(seen.Deadline, before.AddSeconds(19), before.AddSeconds(21));
    }

    [Fact]
    public async Task Invocation_WhenHandlerThrows_PostsErrorAndServesTheNextInvocation()
    {
        var calls = 0;
        await using var function = await RunningFunction.StartAsync((invocation, _) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("boom")
                : s_echo(invocation, CancellationToken.None));

        var failed = await function.InvokeAsync("1");
        var succeeded = await function.InvokeAsync("2");

        Assert.True(failed.IsError);
        Assert.Equal("InvalidOperationException", failed.ErrorType);
        Assert.Equal("boom", failed.ErrorMessage);
        Assert.Equal("Unhandled", failed.ErrorTypeHeader);
        using var document = JsonDocument.Parse(failed.Body);
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.False(succeeded.IsError);
        Assert.Equal("echo:2", succeeded.BodyText);
    }

    [Fact]
    public async Task Init_WhenItThrows_PostsInitErrorAndExitsNonZero()
    {
        await using var function = await RunningFunction.StartWithInitAsync((_, _) => throw new ArgumentException("TABLE_NAME is not set"));

        var initError = await function.Api.InitErrorAsync.WaitAsync(TimeSpan.FromSeconds(10));
        var exitCode = await function.Exit.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ArgumentException", initError.ErrorType);
        Assert.Equal("TABLE_NAME is not set", initError.ErrorMessage);
        Assert.NotEqual(0, exitCode);
        Assert.Equal(0, function.Api.NextCalls);
    }

    [Fact]
    public async Task Init_RunsOnceWithEnvironmentConveniences_BeforeTheFirstNext()
    {
        var inits = 0;
        LambdaInitContext? context = null;
        await using var function = await RunningFunction.StartWithInitAsync((ctx, _) =>
        {
            Interlocked.Increment(ref inits);
            context = ctx;
            return ValueTask.FromResult(s_echo);
        });

        await function.InvokeAsync("1");
        await function.InvokeAsync("2");

        Assert.Equal(1, inits);
        Assert.Equal("ranking-test", context!.FunctionName);
        Assert.Equal(512, context.MemorySizeMb);
        Assert.NotNull(function.Api.FirstNextAt);
    }

    [Fact]
    public async Task Invocation_NearItsDeadline_CancelsTheHandlerTokenBeforeTheDeadline()
    {
        // A margin wide enough that a timer fired late on a loaded 2-core CI machine still lands before the deadline
        // (CI once saw the default 100 ms overrun); the margin's exact arithmetic is tested on the injected clock below.
        await using var function = await RunningFunction.StartAsync(
            async (invocation, cancellationToken) =>
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                    return "not cancelled"u8.ToArray();
                }
                catch (OperationCanceledException)
                {
                    var early = invocation.Deadline - DateTimeOffset.UtcNow;
                    return Encoding.UTF8.GetBytes(early > TimeSpan.Zero ? "cancelled early" : "cancelled late");
                }
            },
            deadlineMargin: TimeSpan.FromMilliseconds(800));

        var stopwatch = Stopwatch.StartNew();
        var outcome = await function.InvokeAsync("{}", TimeSpan.FromMilliseconds(1400));

        Assert.Equal("cancelled early", outcome.BodyText);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Invocation_Deadline_IsMeasuredOnTheInjectedClock()
    {
        // The clock says the 60 s deadline is only 400 ms away (300 ms after the 100 ms margin).
        var clock = new ShiftedTimeProvider(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(400));
        await using var function = await RunningFunction.StartAsync(
            async (_, cancellationToken) =>
            {
                var cancelled = await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken).ContinueWith(t => t.IsCanceled, TaskScheduler.Default);
                return Encoding.UTF8.GetBytes(cancelled ? "cancelled" : "ran to the end");
            },
            clock);

        var stopwatch = Stopwatch.StartNew();
        var outcome = await function.InvokeAsync("{}", TimeSpan.FromSeconds(60));

        Assert.Equal("cancelled", outcome.BodyText);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Invocation_LogLines_CarryRequestIdAndTraceId()
    {
        await using var function = await RunningFunction.StartAsync((invocation, _) =>
        {
            invocation.Log.Info("scoring", ("candidates", 3));
            return ValueTask.FromResult<byte[]>([]);
        });

        await function.InvokeAsync("{}", requestId: "req-log");

        var line = Assert.Single(function.Output.JsonLines(), l => l.GetProperty("message").GetString() == "scoring");
        Assert.Equal("req-log", line.GetProperty("requestId").GetString());
        Assert.StartsWith("Root=1-", line.GetProperty("traceId").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, line.GetProperty("candidates").GetInt32());
    }

    [Fact]
    public async Task Invocation_HandlerErrorLog_CarriesRequestIdAndErrorType()
    {
        await using var function = await RunningFunction.StartAsync(new LambdaHandler((_, _) => throw new FormatException("bad")));

        await function.InvokeAsync("{}", requestId: "req-err");

        var line = Assert.Single(function.Output.JsonLines(), l => l.GetProperty("level").GetString() == "error");
        Assert.Equal("req-err", line.GetProperty("requestId").GetString());
        Assert.Equal("System.FormatException", line.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Loop_WhenTheRuntimeApiStops_ExitsWithZero()
    {
        var function = await RunningFunction.StartAsync(s_echo);
        await function.InvokeAsync("1");

        var exitCode = await function.StopAsync();

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Loop_WhenNothingListensOnTheRuntimeApi_ExitsWithZero()
    {
        var api = await FakeRuntimeApi.StartAsync();
        var address = api.Address;
        await api.DisposeAsync();

        var exitCode = await LambdaBootstrap.RunAsync(
            (_, _) => ValueTask.FromResult(s_echo),
            new LambdaBootstrapOptions { Environment = RunningFunction.Environment(address), Output = new LogCapture(), Time = TimeProvider.System, Randomizer = Randomizers.Midpoint })
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Response_WhenTheApiAnswers500Once_IsRetried()
    {
        await using var function = await RunningFunction.StartAsync(s_echo);
        function.Api.FailNextResponsePosts(1);

        var outcome = await function.InvokeAsync("x");

        Assert.Equal("echo:x", outcome.BodyText);
        Assert.Equal(2, function.Api.ResponsePosts);
    }

    [Fact]
    public async Task Bootstrap_WithoutRuntimeApiVariable_ExitsWithOne()
    {
        var environment = new DictionaryEnvironment(new Dictionary<string, string?>());
        var initCalled = false;

        var exitCode = await LambdaBootstrap.RunAsync(
            (_, _) =>
            {
                initCalled = true;
                return ValueTask.FromResult(s_echo);
            },
            new LambdaBootstrapOptions { Environment = environment, Output = new LogCapture(), Time = TimeProvider.System, Randomizer = Randomizers.Midpoint });

        Assert.Equal(1, exitCode);
        Assert.False(initCalled);
    }
}

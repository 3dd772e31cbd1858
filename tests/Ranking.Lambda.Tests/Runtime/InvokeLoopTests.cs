using System.Collections.Concurrent;
using Ranking.Lambda.Runtime;
using Ranking.Testing.Output;
using Ranking.Testing.Seams;

namespace Ranking.Lambda.Tests.Runtime;

/// <summary>Loop decisions with the Runtime API client swapped for a scripted fake.</summary>
public sealed class InvokeLoopTests
{
    private readonly ScriptedRuntimeApiClient _client = new();
    private readonly LogCapture _output = new();

    private Task<int> RunAsync(LambdaHandler handler, TimeProvider? time = null, AfterInvocation? after = null) =>
        LambdaBootstrap.RunAsync(
            (context, _) =>
            {
                if (after is not null)
                {
                    context.RunAfterEachInvocation(after);
                }

                return ValueTask.FromResult(handler);
            },
            new LambdaBootstrapOptions
            {
                Environment = new DictionaryEnvironment(new Dictionary<string, string?>()),
                Output = _output,
                Time = time ?? TimeProvider.System,
                Randomizer = Randomizers.Midpoint,
            },
            _client,
            CancellationToken.None);

    [Fact]
    public async Task Loop_WhenNextFailsWithAnUnexpectedAnswer_ExitsWithOne()
    {
        _client.Next.Enqueue(() => throw new RuntimeApiException("The Runtime API answered 500 on invocation/next."));

        Assert.Equal(1, await RunAsync((_, _) => ValueTask.FromResult<byte[]>([])));
        Assert.Contains(_output.JsonLines(), l => l.GetProperty("level").GetString() == "error");
    }

    [Fact]
    public async Task Loop_WhenTheApiRejectsAResponse_ServesTheNextInvocation()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("too-big"));
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("fine"));
        _client.OnResponse = (id, _) => id == "too-big" ? throw new RuntimeApiException("The Runtime API answered 413.") : Task.CompletedTask;

        var exitCode = await RunAsync((_, _) => ValueTask.FromResult<byte[]>([1]));

        Assert.Equal(0, exitCode);
        Assert.Equal(["too-big", "fine"], _client.Responses.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Loop_WhenTheApiGoesAwayWhilePostingTheResponse_ExitsWithZero()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("a"));
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("never served"));
        _client.OnResponse = (_, _) => throw new RuntimeApiUnavailableException("refused", new IOException());
        var handled = 0;

        var exitCode = await RunAsync((_, _) =>
        {
            handled++;
            return ValueTask.FromResult<byte[]>([]);
        });

        Assert.Equal(0, exitCode);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Invocation_HandlerReturningNull_PostsAnEmptyResponse()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("a"));

        await RunAsync((_, _) => ValueTask.FromResult<byte[]>(null!));

        Assert.Empty(Assert.Single(_client.Responses).Body);
    }

    [Fact]
    public async Task Invocation_WithoutDeadlineHeader_HasNoDeadline()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("a"));
        LambdaInvocation? seen = null;
        var canBeCancelled = true;

        await RunAsync((invocation, cancellationToken) =>
        {
            seen = invocation;
            canBeCancelled = cancellationToken.IsCancellationRequested;
            return ValueTask.FromResult<byte[]>([]);
        });

        Assert.Equal(DateTimeOffset.MaxValue, seen!.Deadline);
        Assert.False(canBeCancelled);
    }

    [Fact]
    public async Task Invocation_AlreadyPastItsDeadline_GetsACancelledToken()
    {
        var now = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("late", deadlineMs: now.AddMilliseconds(50).ToUnixTimeMilliseconds()));
        var cancelled = false;

        await RunAsync(
            (_, cancellationToken) =>
            {
                cancelled = cancellationToken.IsCancellationRequested;
                return ValueTask.FromResult<byte[]>([]);
            },
            new FixedTimeProvider(now));

        Assert.True(cancelled);
    }

    [Fact]
    public async Task Invocation_HandlerException_IsReportedWithTypeNameMessageAndStackLines()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("a"));

        await RunAsync((_, _) => throw new KeyNotFoundException("surface 'x'"));

        var (requestId, error) = Assert.Single(_client.Errors);
        Assert.Equal("a", requestId);
        Assert.Equal("KeyNotFoundException", error.ErrorType);
        Assert.Equal("surface 'x'", error.ErrorMessage);
        Assert.NotEmpty(error.StackTrace);
    }

    [Fact]
    public async Task WorkAfterEachInvocation_RunsOnceTheAnswerIsPostedAndBeforeTheNextEvent()
    {
        var steps = new ConcurrentQueue<string>();
        _client.Next.Enqueue(() => { steps.Enqueue("next a"); return ScriptedRuntimeApiClient.Event("a"); });
        _client.Next.Enqueue(() => { steps.Enqueue("next b"); return ScriptedRuntimeApiClient.Event("b"); });
        _client.OnResponse = (id, _) => { steps.Enqueue($"answer {id}"); return Task.CompletedTask; };

        await RunAsync((_, _) => ValueTask.FromResult<byte[]>([]), after: (_, _) => { steps.Enqueue("after"); return ValueTask.CompletedTask; });

        Assert.Equal(["next a", "answer a", "after", "next b", "answer b", "after"], steps);
    }

    [Fact]
    public async Task WorkAfterEachInvocation_ThatThrows_IsLoggedAndTheLoopGoesOn()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("a"));
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("b"));

        var exitCode = await RunAsync((_, _) => ValueTask.FromResult<byte[]>([1]), after: (_, _) => throw new InvalidOperationException("refresh broke"));

        Assert.Equal(0, exitCode);
        Assert.Equal(["a", "b"], _client.Responses.Select(r => r.RequestId));
        Assert.Equal(2, _output.JsonLines().Count(l => l.GetProperty("message").GetString() == "work after the invocation failed"));
    }

    [Fact]
    public async Task WorkAfterAFailedInvocation_StillRuns()
    {
        _client.Next.Enqueue(() => ScriptedRuntimeApiClient.Event("a"));
        var ran = 0;

        await RunAsync((_, _) => throw new InvalidOperationException("handler broke"), after: (_, _) => { ran++; return ValueTask.CompletedTask; });

        Assert.Single(_client.Errors);
        Assert.Equal(1, ran);
    }
}

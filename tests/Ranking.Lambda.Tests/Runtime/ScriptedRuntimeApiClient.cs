using System.Collections.Concurrent;
using Ranking.Lambda.Runtime;

namespace Ranking.Lambda.Tests.Runtime;

/// <summary>A hand-written fake of the Runtime API client: each call runs the next scripted step.</summary>
internal sealed class ScriptedRuntimeApiClient : IRuntimeApiClient
{
    public ConcurrentQueue<Func<NextInvocation>> Next { get; } = new();

    public Func<string, byte[], Task> OnResponse { get; set; } = (_, _) => Task.CompletedTask;

    public ConcurrentQueue<(string RequestId, byte[] Body)> Responses { get; } = new();

    public ConcurrentQueue<(string RequestId, RuntimeError Error)> Errors { get; } = new();

    public Task<NextInvocation> GetNextAsync(CancellationToken cancellationToken) =>
        Next.TryDequeue(out var step)
            ? Task.FromResult(step())
            : Task.FromException<NextInvocation>(new RuntimeApiUnavailableException("script ended", new IOException()));

    public async Task PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        Responses.Enqueue((requestId, body));
        await OnResponse(requestId, body);
    }

    public Task PostErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken)
    {
        Errors.Enqueue((requestId, error));
        return Task.CompletedTask;
    }

    public Task PostInitErrorAsync(RuntimeError error, CancellationToken cancellationToken) => Task.CompletedTask;

    public static NextInvocation Event(string id, string payload = "{}", long? deadlineMs = null) =>
        new(id, System.Text.Encoding.UTF8.GetBytes(payload), deadlineMs, TraceId: null, FunctionArn: null);
}

namespace Ranking.Testing.RuntimeApi;

/// <summary>An event queued for <c>invocation/next</c>, completed when the function answers.</summary>
internal sealed class PendingInvocation(string requestId, byte[] payload, DateTimeOffset deadline, string traceId)
{
    public string RequestId { get; } = requestId;

    public byte[] Payload { get; } = payload;

    public DateTimeOffset Deadline { get; } = deadline;

    public string TraceId { get; } = traceId;

    public TaskCompletionSource<InvocationOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using Ranking.Lambda.Logging;

namespace Ranking.Lambda.Runtime;

/// <summary>One event received from <c>invocation/next</c>.</summary>
public sealed class LambdaInvocation
{
    public required string RequestId { get; init; }

    /// <summary>The raw event bytes. Owned by this invocation; valid until the handler returns.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>); <see cref="DateTimeOffset.MaxValue"/> when the header is absent.</summary>
    public DateTimeOffset Deadline { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>The X-Ray trace header (<c>Root=…;Parent=…;Sampled=…</c>), when tracing is on.</summary>
    public string? TraceId { get; init; }

    public string? FunctionArn { get; init; }

    /// <summary>A logger that stamps this invocation's request and trace ids on every line.</summary>
    public required JsonLogger Log { get; init; }
}

namespace Ranking.Lambda.Runtime;

/// <summary>What <c>invocation/next</c> answered, before it is turned into a <see cref="LambdaInvocation"/>.</summary>
internal sealed record NextInvocation(string RequestId, byte[] Payload, long? DeadlineMs, string? TraceId, string? FunctionArn);

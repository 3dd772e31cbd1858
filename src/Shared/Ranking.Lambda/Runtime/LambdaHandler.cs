namespace Ranking.Lambda.Runtime;

/// <summary>
/// Handles one invocation and returns the response payload. <paramref name="cancellationToken"/> fires a small safety
/// margin before the invocation's deadline, leaving time to post a degraded answer instead of being killed by the timeout.
/// </summary>
public delegate ValueTask<byte[]> LambdaHandler(LambdaInvocation invocation, CancellationToken cancellationToken);

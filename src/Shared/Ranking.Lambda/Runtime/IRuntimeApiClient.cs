namespace Ranking.Lambda.Runtime;

/// <summary>
/// The four calls of the Lambda Runtime API. Implementations retry transient failures themselves and throw
/// <see cref="RuntimeApiUnavailableException"/> when the API has gone away (the environment is shutting down).
/// </summary>
internal interface IRuntimeApiClient
{
    /// <summary>Long-polls for the next event; the call has no timeout because the process may be frozen while it waits.</summary>
    Task<NextInvocation> GetNextAsync(CancellationToken cancellationToken);

    Task PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken);

    Task PostErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken);

    Task PostInitErrorAsync(RuntimeError error, CancellationToken cancellationToken);
}

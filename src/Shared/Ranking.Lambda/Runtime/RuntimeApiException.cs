namespace Ranking.Lambda.Runtime;

/// <summary>The Runtime API answered with a status the runtime cannot act on (after retries, for 5xx).</summary>
internal sealed class RuntimeApiException(string message) : Exception(message);

namespace Ranking.Lambda.Runtime;

/// <summary>The Runtime API refused or kept closing connections: the execution environment is going away, so the loop ends.</summary>
internal sealed class RuntimeApiUnavailableException(string message, Exception innerException) : Exception(message, innerException);

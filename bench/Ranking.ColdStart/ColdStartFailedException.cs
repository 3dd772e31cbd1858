namespace Ranking.ColdStart;

/// <summary>A round that did not produce a trustworthy measurement; the message says which and why.</summary>
internal sealed class ColdStartFailedException(string message, Exception? inner = null) : Exception(message, inner);

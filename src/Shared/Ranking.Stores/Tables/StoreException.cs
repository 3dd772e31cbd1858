namespace Ranking.Stores.Tables;

/// <summary>
/// A store call that failed for a reason the caller cannot fix by retrying at once: throttling that outlasted
/// the retries, a missing table, denied access. The message names the operation and table; the SDK's exception
/// is the inner one. Callers degrade (fallback ranking, message back to the queue) rather than crash.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

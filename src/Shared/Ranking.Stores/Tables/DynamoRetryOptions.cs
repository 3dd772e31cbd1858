namespace Ranking.Stores.Tables;

/// <summary>
/// Backoff for throttled DynamoDB calls and unprocessed batch keys, on top of the SDK's own retries.
/// The caller's CancellationToken (the request deadline) always wins: retries stop as soon as it fires.
/// </summary>
public sealed class DynamoRetryOptions
{
    /// <summary>Attempts per call, the first included; after the last one a <see cref="StoreException"/> is thrown.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The upper bound of the first delay; it doubles per attempt up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must be >= 0 and <= MaxDelay");
        }
    }
}

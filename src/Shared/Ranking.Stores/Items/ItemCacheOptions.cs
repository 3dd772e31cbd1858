namespace Ranking.Stores.Items;

/// <summary>
/// The per-container item cache of <see cref="DynamoItemStore"/>. A warm function re-reads an item at most once per
/// <see cref="Ttl"/>, so attribute changes (a sold item, a new price) reach the ranking within that time.
/// </summary>
public sealed class ItemCacheOptions
{
    /// <summary>How long a found item is served from memory. <see cref="TimeSpan.Zero"/> turns the cache off.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an id the table does not have is remembered as missing. Shorter than <see cref="Ttl"/>: candidates
    /// often include listings created moments ago whose item row lags behind, and those should appear soon; but a
    /// burst of requests for the same unknown ids should not each pay a read.
    /// </summary>
    public TimeSpan MissTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Upper bound on cached ids (hits and misses). A full cache first drops expired entries, then everything:
    /// cheaper than tracking recency on every hit, and the next requests refill it.
    /// </summary>
    public int MaxEntries { get; init; } = 100_000;

    internal void Validate()
    {
        if (Ttl < TimeSpan.Zero || MissTtl < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Ttl), "Ttl and MissTtl must not be negative");
        }

        if (MaxEntries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEntries), MaxEntries, "must be at least 1");
        }
    }
}

namespace Ranking.Client;

/// <summary>Timeouts and retries of a <see cref="RankingClient"/>.</summary>
public sealed class RankingClientOptions
{
    /// <summary>Each attempt's budget; past it the call fails with <see cref="TimeoutException"/> (not retried: a ranking caller would rather fall back).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries after the first attempt of a call that may be repeated (rank, health) answered 429 or 5xx; events are never retried.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The first retry waits up to this long; each further one up to twice as long (full jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>No wait is longer, whatever a Retry-After header asks.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Draws the jitter in [0, 1); tests pin it.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

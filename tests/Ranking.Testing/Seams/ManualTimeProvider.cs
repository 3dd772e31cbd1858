namespace Ranking.Testing.Seams;

/// <summary>
/// A clock that moves only when told: both the wall clock (cache expiry, stamps) and the timestamps that measure
/// intervals (refresh due times) advance together. Timers still run on real time. Safe to advance from any thread.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

namespace Ranking.Cli.Simulation;

/// <summary>
/// The simulated day's wall clock: what serve stamps on records and partitions its logs by. Timestamps (latency,
/// deadlines) and timers stay real, so requests are timed as they truly ran.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}

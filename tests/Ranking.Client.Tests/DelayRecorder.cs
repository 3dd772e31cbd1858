namespace Ranking.Client.Tests;

/// <summary>A clock whose timers fire at once but remember how long they were asked to wait: the retries' backoff, read without waiting for it.</summary>
internal sealed class DelayRecorder : TimeProvider
{
    public List<TimeSpan> Delays { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // The attempt timeout's timer is created too; only finite, non-default waits are backoff.
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime < TimeSpan.FromSeconds(10))
        {
            lock (Delays)
            {
                Delays.Add(dueTime);
            }

            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}

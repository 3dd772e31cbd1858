namespace Ranking.Lambda.Tests.Runtime;

/// <summary>The system clock moved by a fixed offset; timers stay real, so a deadline computed on it fires for real.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

namespace Ranking.Cli.Tests;

/// <summary>A clock pinned at one instant, so what the code under test stamps or derives from "now" is known.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

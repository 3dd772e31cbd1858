namespace Ranking.Lambda.Metrics;

/// <summary>The units the Embedded Metric Format accepts (CloudWatch's <c>StandardUnit</c>); written with their spec names, e.g. <c>Bytes/Second</c>.</summary>
public enum EmfUnit
{
    None = 0,
    Seconds,
    Microseconds,
    Milliseconds,
    Bytes,
    Kilobytes,
    Megabytes,
    Gigabytes,
    Terabytes,
    Bits,
    Kilobits,
    Megabits,
    Gigabits,
    Terabits,
    Percent,
    Count,
    BytesPerSecond,
    KilobytesPerSecond,
    MegabytesPerSecond,
    GigabytesPerSecond,
    TerabytesPerSecond,
    BitsPerSecond,
    KilobitsPerSecond,
    MegabitsPerSecond,
    GigabitsPerSecond,
    TerabitsPerSecond,
    CountPerSecond,
}

namespace Ranking.Handlers.Impressions;

/// <summary>What is logged of each ranked response (DESIGN.md, "Impression record").</summary>
public sealed class ImpressionLogOptions
{
    /// <summary>Per surface, the share of responses logged (<see cref="LogSampleMap"/>); a surface not named logs all.</summary>
    public IReadOnlyDictionary<string, double> Sample { get; init; } = new Dictionary<string, double>();

    /// <summary>Only the best this many returned positions are logged.</summary>
    public int Top { get; init; } = int.MaxValue;

    /// <summary>A record longer than this (in UTF-8 bytes) is split into parts by items; CloudWatch Logs caps an event at 256 KB.</summary>
    public int MaxRecordBytes { get; init; } = 200 * 1024;

    /// <summary>
    /// Captured impressions waiting for <see cref="ImpressionLog.WritePending"/>; past this, new ones are counted and
    /// dropped. At 500 items of 14 values a waiting impression holds about 28 KB.
    /// </summary>
    public int MaxPending { get; init; } = 2048;

    public double SampleOf(string surface) => Sample.TryGetValue(surface, out var share) ? share : 1;
}

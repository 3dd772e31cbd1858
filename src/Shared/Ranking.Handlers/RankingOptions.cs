namespace Ranking.Handlers;

/// <summary>Limits and budgets shared by every host.</summary>
public sealed class RankingOptions
{
    public int MaxCandidates { get; init; } = 1000;
    public int MaxBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>The budget for store reads and scoring; past it the request is answered in fallback order.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Rankings per drift window: each closed window reports its PSI per feature and of the scores.</summary>
    public int DriftWindow { get; init; } = Monitoring.DriftMonitor.DefaultWindow;
}

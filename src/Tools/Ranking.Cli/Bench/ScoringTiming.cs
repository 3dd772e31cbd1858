namespace Ranking.Cli.Bench;

/// <summary>One scorer at one doc count: its median time per call, and that time per document and tree (null without a tree count).</summary>
internal sealed record ScoringTiming(double MedianNs, double? NsPerDocTree);

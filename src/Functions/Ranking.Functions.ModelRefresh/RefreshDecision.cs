namespace Ranking.Functions.ModelRefresh;

/// <summary>What the refresh did with one published version: <c>validated</c> or <c>rejected</c> at a gate.</summary>
internal sealed record RefreshDecision(string Version, string Outcome, string? Gate, string Detail, double? HoldoutNdcg10);

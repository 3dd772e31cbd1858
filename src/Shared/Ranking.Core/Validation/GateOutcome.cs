namespace Ranking.Core.Validation;

/// <summary>One gate's verdict; <see cref="Detail"/> says why it failed, or what it measured.</summary>
public sealed record GateOutcome(string Gate, bool Passed, string Detail);

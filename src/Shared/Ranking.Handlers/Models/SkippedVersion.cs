namespace Ranking.Handlers.Models;

/// <summary>A version newer than the one serving that was passed over, and why (the gate and its reason).</summary>
public sealed record SkippedVersion(string Version, string Reason);

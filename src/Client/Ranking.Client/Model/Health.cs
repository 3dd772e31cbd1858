namespace Ranking.Client.Model;

/// <summary>The body of <c>GET /v1/health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when a surface has no servable model.</param>
public sealed record Health(string Status, IReadOnlyList<SurfaceHealth> Models);

/// <param name="Version">Null when no version can be served (<see cref="Error"/> says why).</param>
public sealed record SurfaceHealth(string Surface, string Name, string? Version, string? Status = null, string? Error = null, IReadOnlyList<SkippedVersion>? Skipped = null);

public sealed record SkippedVersion(string Version, string Reason);

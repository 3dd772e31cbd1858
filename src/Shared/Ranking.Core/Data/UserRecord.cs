namespace Ranking.Core.Data;

/// <summary>A user's features: numeric attributes and affinity maps (value -> weight).</summary>
public sealed class UserRecord
{
    public required string UserId { get; init; }
    public Dictionary<string, double> Numbers { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> BrandAffinity { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> CategoryAffinity { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> SizeAffinity { get; init; } = new(StringComparer.Ordinal);
}

namespace Ranking.Core.Rules;

/// <summary>Business rules applied after scoring, per surface.</summary>
public sealed class SurfaceRules
{
    public static SurfaceRules Default { get; } = new();

    /// <summary>Drop stored items whose status is not <c>active</c> (unknown items are kept: they may be new).</summary>
    public bool DropInactive { get; init; } = true;

    /// <summary>Seller diversity: at most this many items of one seller in the first <see cref="DiversityWindow"/> positions; 0 turns it off.</summary>
    public int MaxPerSeller { get; init; } = 3;

    public int DiversityWindow { get; init; } = 20;

    public IReadOnlyList<Boost> Boosts { get; init; } = [];
}

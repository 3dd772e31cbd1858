namespace Ranking.Contracts.Rules;

/// <summary>
/// Which items a boost or a filter applies to: a text attribute in (or, <see cref="Negated"/>, not in) <see cref="Values"/>,
/// or a numeric one within [<see cref="Min"/>, <see cref="Max"/>]. An item without the attribute (no such number, no
/// listing time) matches no range.
/// </summary>
public sealed record ItemMatch
{
    public required string Attribute { get; init; }
    /// <summary>The text values (compared ignoring case); null for a numeric match.</summary>
    public IReadOnlyList<string>? Values { get; init; }
    public bool Negated { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
}

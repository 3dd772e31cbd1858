using Ranking.Contracts.Rules;

namespace Ranking.Core.Ranking;

/// <summary>Under <c>explain</c>, the rules that moved one returned item.</summary>
/// <param name="Boosts">The boosts that matched it; their amounts sum to the item's <see cref="RankedItem.Boost"/>.</param>
/// <param name="DemotedBy">The diversity cap that held it back from its score's position, or null.</param>
/// <param name="Pinned">The position the request pinned it to (1-based), or null.</param>
public sealed record AppliedRules(IReadOnlyList<BoostRule> Boosts, DiversityCap? DemotedBy, int? Pinned);

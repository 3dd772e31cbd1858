using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Rules;

namespace Ranking.Core.Ranking;

/// <summary>One validated ranking request with its stored records looked up: <c>Items[i]</c> belongs to <c>Candidates[i]</c>.</summary>
public sealed class RankInput
{
    public required FeatureContext Context { get; init; }
    public required Candidate[] Candidates { get; init; }
    /// <summary>The stored item of each candidate, null when the store has none.</summary>
    public required ItemRecord?[] Items { get; init; }
    /// <summary>At most this many items are returned; null for all.</summary>
    public int? Limit { get; init; }
    /// <summary>Return each item's feature values and, when the model has an explainer, their contributions to its score.</summary>
    public bool Explain { get; init; }
    /// <summary>Candidates removed before scoring, by item id; null for none.</summary>
    public IReadOnlySet<string>? Exclude { get; init; }
    /// <summary>Items moved to fixed positions after every other rule, before the limit; null for none. An item the rules removed stays removed.</summary>
    public IReadOnlyList<Pin>? Pins { get; init; }
}

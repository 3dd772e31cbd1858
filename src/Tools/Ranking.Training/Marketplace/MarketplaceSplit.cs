using Ranking.Core.Features;
using Ranking.Training.Data;

namespace Ranking.Training.Marketplace;

/// <summary>One surface's sessions as train / valid / test datasets (split by time) and the popularity baseline on test.</summary>
public sealed class MarketplaceSplit
{
    public required IReadOnlyList<FeatureSpec> Features { get; init; }
    /// <summary>The oldest 70% of sessions with a click.</summary>
    public required RankingDataset Train { get; init; }
    /// <summary>The next 15%.</summary>
    public required RankingDataset Valid { get; init; }
    /// <summary>The newest 15%: what a model is judged on.</summary>
    public required RankingDataset Test { get; init; }
    /// <summary>Metrics (keys of <c>RankingMetrics.Keys</c>) of ordering each test session by item likes, descending.</summary>
    public required Dictionary<string, double> PopularityBaseline { get; init; }
}

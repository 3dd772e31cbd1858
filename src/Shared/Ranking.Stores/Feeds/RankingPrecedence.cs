using Ranking.Core.Models;

namespace Ranking.Stores.Feeds;

/// <summary>
/// When a stored ranking must not be replaced by another of the same candidates: both were made by the same model
/// (same name) and the stored one by a newer version in <see cref="ModelVersionOrder"/>. The same version may rewrite
/// (a re-rank with fresher item features); another model name, a ranking without a model, or one an experiment made
/// (<see cref="FeedRecord.Experiment"/>), is not compared.
/// <see cref="DynamoFeedStore"/> states this rule as its condition expression, on the sort key of the version.
/// </summary>
internal static class RankingPrecedence
{
    public static bool IsSuperseded(FeedRecord stored, FeedRecord ranked)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(ranked);
        return stored.RankedFromVersion == ranked.RankedFromVersion
            && stored.Experiment is null && ranked.Experiment is null
            && stored.ModelName is { Length: > 0 } storedName && ranked.ModelName is { Length: > 0 } rankedName
            && string.Equals(storedName, rankedName, StringComparison.Ordinal)
            && stored.ModelVersion is { Length: > 0 } storedVersion && ranked.ModelVersion is { Length: > 0 } rankedVersion
            && ModelVersionOrder.Compare(rankedVersion, storedVersion) < 0;
    }
}

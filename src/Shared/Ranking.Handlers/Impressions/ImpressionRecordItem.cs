namespace Ranking.Handlers.Impressions;

/// <param name="Score">The ranker's score; NaN writes <c>null</c>.</param>
/// <param name="Values">The feature values the item was ranked with, one per <see cref="ImpressionRecord.Features"/>.</param>
/// <param name="Team">Under interleaving, the variant whose ranking placed the item.</param>
public readonly record struct ImpressionRecordItem(string ItemId, float Score, float[] Values, string? Team = null);

namespace Ranking.Training.Data;

/// <summary>
/// Labelled ranking rows grouped by query, as the trainer consumes them: a dense row-major
/// <c>rows x FeatureCount</c> matrix, one label per row, and the rows of each query contiguous.
/// </summary>
public sealed class RankingDataset
{
    public RankingDataset(IReadOnlyList<string> featureNames, float[] features, float[] labels, int[] groupSizes, string[] queryIds)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groupSizes);
        ArgumentNullException.ThrowIfNull(queryIds);
        if (features.Length != labels.Length * featureNames.Count)
        {
            throw new ArgumentException($"features has {features.Length} values, expected {labels.Length} rows x {featureNames.Count} features.", nameof(features));
        }

        if (groupSizes.Sum() != labels.Length || queryIds.Length != groupSizes.Length)
        {
            throw new ArgumentException("groupSizes must add up to the row count and name one query id each.", nameof(groupSizes));
        }

        FeatureNames = featureNames;
        Features = features;
        Labels = labels;
        GroupSizes = groupSizes;
        QueryIds = queryIds;
    }

    public IReadOnlyList<string> FeatureNames { get; }
    public int FeatureCount => FeatureNames.Count;
    public int RowCount => Labels.Length;
    public int QueryCount => GroupSizes.Length;
    /// <summary>Row-major, <see cref="RowCount"/> x <see cref="FeatureCount"/>.</summary>
    public float[] Features { get; }
    public float[] Labels { get; }
    /// <summary>Rows per query, in row order.</summary>
    public int[] GroupSizes { get; }
    public string[] QueryIds { get; }

    /// <summary>
    /// Where each row was shown (1 = top), when the rows come from logged impressions; null otherwise. Position-aware
    /// training (<c>--position-debias</c>) reads it.
    /// </summary>
    public int[]? Positions
    {
        get;
        init => field = value is null || value.Length == Labels.Length
            ? value
            : throw new ArgumentException($"Positions has {value.Length} entries, expected one per row ({Labels.Length}).", nameof(value));
    }
}

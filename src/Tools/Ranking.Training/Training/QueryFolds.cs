using System.Globalization;
using Ranking.Training.Data;

namespace Ranking.Training.Training;

/// <summary>K-fold cross-validation splits over whole query groups: a query's rows never straddle train and validation.</summary>
public static class QueryFolds
{
    /// <summary>
    /// Queries are shuffled with <paramref name="seed"/> and dealt to folds in turn, so fold sizes differ by at most one
    /// query; fold k validates on its queries and trains on the others, each keeping the data's row order.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 folds, or more folds than queries.</exception>
    public static IReadOnlyList<TrainValidSplit> Split(RankingDataset data, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (folds < 2 || folds > data.QueryCount)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture, $"Folds must be between 2 and the {data.QueryCount} queries of the training data, not {folds}."));
        }

        var order = Enumerable.Range(0, data.QueryCount).ToArray();
        new Random(seed).Shuffle(order);
        var foldOf = new int[data.QueryCount];
        for (var i = 0; i < order.Length; i++)
        {
            foldOf[order[i]] = i % folds;
        }

        return [.. Enumerable.Range(0, folds).Select(fold => Partition(data, q => foldOf[q] == fold))];
    }

    /// <summary>Validation gets the queries (by index) that <paramref name="validates"/> picks, training the rest; row order is kept.</summary>
    public static TrainValidSplit Partition(RankingDataset data, Func<int, bool> validates)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(validates);
        var starts = new int[data.QueryCount];
        for (var q = 1; q < data.QueryCount; q++)
        {
            starts[q] = starts[q - 1] + data.GroupSizes[q - 1];
        }

        return new TrainValidSplit(Select(data, starts, q => !validates(q)), Select(data, starts, validates));
    }

    private static RankingDataset Select(RankingDataset data, int[] starts, Func<int, bool> keep)
    {
        var queries = Enumerable.Range(0, data.QueryCount).Where(keep).ToArray();
        var rows = queries.Sum(q => data.GroupSizes[q]);
        var width = data.FeatureCount;
        var features = new float[rows * width];
        var labels = new float[rows];
        var row = 0;
        foreach (var q in queries)
        {
            var size = data.GroupSizes[q];
            data.Features.AsSpan(starts[q] * width, size * width).CopyTo(features.AsSpan(row * width));
            data.Labels.AsSpan(starts[q], size).CopyTo(labels.AsSpan(row));
            row += size;
        }

        return new RankingDataset(
            data.FeatureNames, features, labels, [.. queries.Select(q => data.GroupSizes[q])], [.. queries.Select(q => data.QueryIds[q])]);
    }
}

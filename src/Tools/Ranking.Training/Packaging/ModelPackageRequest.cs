using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Training.Data;
using Ranking.Training.Training;

namespace Ranking.Training.Packaging;

/// <summary>What goes into a model package.</summary>
public sealed class ModelPackageRequest
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    /// <summary>The model's inputs, in column order; as many as the model has features.</summary>
    public required IReadOnlyList<FeatureSpec> Features { get; init; }
    public required LambdaMartModel Model { get; init; }
    /// <summary>Held-out labelled rows: written with the trainer's scores, and the set the manifest's metrics are computed on.</summary>
    public required RankingDataset Holdout { get; init; }
    /// <summary>The training rows, whose distributions become the manifest's drift baseline; the holdout's when null.</summary>
    public RankingDataset? Train { get; init; }
    public required TrainingSummary Training { get; init; }
    public Dictionary<string, double>? BaselineMetrics { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The package of a model trained on <paramref name="train"/> and validated (early stopping) on <paramref name="valid"/>, as <c>ranking train</c> and the Train function write it.</summary>
    public static ModelPackageRequest For(
        string name,
        string version,
        IReadOnlyList<FeatureSpec> features,
        LambdaMartModel model,
        string format,
        string? surface,
        (RankingDataset Train, RankingDataset Valid, RankingDataset Holdout) data,
        Dictionary<string, double>? baselineMetrics,
        DateTimeOffset createdAt) => new()
    {
        Name = name,
        Version = version,
        Features = features,
        Model = model,
        Holdout = data.Holdout,
        Train = data.Train,
        BaselineMetrics = baselineMetrics,
        CreatedAt = createdAt,
        Training = TrainingSummaries.Create(model, format, surface, data.Train, data.Valid),
    };
}

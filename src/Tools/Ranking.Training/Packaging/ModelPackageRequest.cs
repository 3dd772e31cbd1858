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
    public required TrainingSummary Training { get; init; }
    public Dictionary<string, double>? BaselineMetrics { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

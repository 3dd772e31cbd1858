using Ranking.Core.Features;

namespace Ranking.Core.Models;

/// <summary>
/// <c>manifest.json</c> of a model package: what the model is, its ordered input features, the ONNX file
/// with its checksum, how it was trained and how it scored offline. Everything not <c>required</c> is optional:
/// a section left out is null, or its default where it has one.
/// </summary>
/// <remarks>
/// Source-generated JSON assigns every init-only property, passing null for one the document leaves out, which would
/// overwrite an initializer; so a property with a default takes it back from null in its <c>init</c> accessor.
/// </remarks>
public sealed class ModelManifest
{
    public const string FileName = "manifest.json";
    public const string DefaultObjective = "lambdarank";

    public required string Name { get; init; }
    public required string Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The training objective, e.g. <c>lambdarank</c>.</summary>
    public string Objective { get; init => field = value ?? DefaultObjective; } = DefaultObjective;
    public required IReadOnlyList<FeatureSpec> Features { get; init; }
    public required OnnxInfo Onnx { get; init; }
    public TrainingSummary? Training { get; init; }
    /// <summary>Offline metrics on held-out queries, keyed like <c>ndcg@10</c>, <c>map</c>, <c>mrr</c>; empty when the manifest has none.</summary>
    public Dictionary<string, double> Metrics { get; init => field = value ?? new(StringComparer.Ordinal); } = new(StringComparer.Ordinal);
    /// <summary>Metrics of a baseline (e.g. popularity order) on the same held-out queries, when one was computed.</summary>
    public Dictionary<string, double>? BaselineMetrics { get; init; }
    public ArtifactFile? Holdout { get; init; }
    /// <summary>The trainer's own model (LightGBM text format), kept for parity checks and benchmarks.</summary>
    public ArtifactFile? TrainerModel { get; init; }

    /// <summary>What the model saw in training, which serving compares its traffic with (drift); null in older packages.</summary>
    public Monitoring.DriftBaseline? Baseline { get; init; }
}

public sealed class OnnxInfo
{
    public const string DefaultFile = "model.onnx";

    /// <summary>The ONNX file's name in the package folder; <see cref="DefaultFile"/> when the manifest leaves it out.</summary>
    public string File { get; init => field = value ?? DefaultFile; } = DefaultFile;
    public required string Input { get; init; }
    public required string Output { get; init; }
    /// <summary>Lower-case hex sha256 of the ONNX file.</summary>
    public required string Sha256 { get; init; }
}

public sealed class ArtifactFile
{
    public required string File { get; init; }
    public string? Sha256 { get; init; }
    public int Rows { get; init; }
}

public sealed class TrainingSummary
{
    public string Format { get; init => field = value ?? ""; } = "";
    public string? Surface { get; init; }
    public int TrainRows { get; init; }
    public int TrainQueries { get; init; }
    public int ValidRows { get; init; }
    public int ValidQueries { get; init; }
    public int Trees { get; init; }
    public int BestIteration { get; init; }
    public int Leaves { get; init; }
    public double LearningRate { get; init; }
    public int? MinDataInLeaf { get; init; }
    /// <summary>The early-stopping patience in iterations.</summary>
    public int? EarlyStopping { get; init; }
    /// <summary>The iterations run before early stopping could stop.</summary>
    public int? MinIterations { get; init; }
    /// <summary>lambdarank's truncation level; absent for other objectives.</summary>
    public int? TruncationLevel { get; init; }
    /// <summary>The gain per label value (index = label); absent for LightGBM's default 2^label - 1.</summary>
    public IReadOnlyList<double>? LabelGain { get; init; }
    /// <summary>True when lambdarank learned a position bias from logged positions; absent otherwise.</summary>
    public bool? PositionDebias { get; init; }
    public int Seed { get; init; }
    public string? Library { get; init; }
}

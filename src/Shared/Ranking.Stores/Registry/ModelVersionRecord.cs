namespace Ranking.Stores.Registry;

/// <summary>One version of a model in the registry: its status, where its package is, and how it scored offline.</summary>
public sealed class ModelVersionRecord
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public ModelStatus Status { get; init; }
    /// <summary>Why the version was rejected; null otherwise.</summary>
    public string? Reason { get; init; }
    /// <summary>Lower-case hex sha256 of the package's ONNX file, as its manifest states it.</summary>
    public required string Sha256 { get; init; }
    /// <summary>The package prefix, <c>s3://bucket/models/{name}/{version}/</c>.</summary>
    public required string Location { get; init; }
    /// <summary>Offline metrics from the manifest (<c>ndcg@10</c>, ...).</summary>
    public Dictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);
    public DateTimeOffset PublishedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

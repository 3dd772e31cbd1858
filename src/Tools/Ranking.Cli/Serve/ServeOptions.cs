namespace Ranking.Cli.Serve;

internal sealed class ServeOptions
{
    public int Port { get; init; } = 8080;
    public string DataDirectory { get; init; } = "samples/marketplace";
    public string ModelsDirectory { get; init; } = "samples/models";
    public string Surfaces { get; init; } = "feed=feed-ltr;search=search-ltr";
    public Handlers.RankingOptions Ranking { get; init; } = new();
    /// <summary>How often the models folder is checked for a newer version (hot swap).</summary>
    public TimeSpan ModelPollInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Challengers scored in the shadow: <c>feed=feed-ltr:2@0.1</c> (see ShadowMap).</summary>
    public string? Shadow { get; init; }
    /// <summary>A JSON file of business rules per surface (<see cref="Contracts.Rules.RulesConfiguration"/>); null keeps the defaults.</summary>
    public string? RulesFile { get; init; }
    /// <summary>Where impression records are written (<see cref="HourlyJsonlSink"/>).</summary>
    public string LogDirectory { get; init; } = "logs";
    /// <summary>The share of responses logged per surface, <c>feed=0.1</c> (see LogSampleMap); all when null.</summary>
    public string? LogSample { get; init; }
    /// <summary>Only the best this many returned positions are logged.</summary>
    public int LogTop { get; init; } = int.MaxValue;
    /// <summary>Each surface's experiment, <c>{surface}.json</c> (<see cref="Stores.Experiments.FolderExperimentStore"/>); a missing folder holds none.</summary>
    public string ExperimentsDirectory { get; init; } = "experiments";
    /// <summary>
    /// The promotion gates a model version passes before serve serves it: ModelRefresh's defaults, except that a tree
    /// model whose native scores differ from ONNX Runtime's on the holdout is served by ONNX Runtime (logged with the gates).
    /// </summary>
    public Core.Validation.ValidationOptions Gates { get; init; } = new() { FallBackToOnnxRuntime = true };
}

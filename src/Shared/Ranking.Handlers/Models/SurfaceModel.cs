using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Handlers.Experiments;

namespace Ranking.Handlers.Models;

/// <summary>A configured surface: its model name, the loaded model or why it is unavailable, and its rules.</summary>
public sealed record SurfaceModel
{
    public required string Surface { get; init; }
    public required string ModelName { get; init; }
    public RankingModel? Model { get; init; }
    /// <summary>Why <see cref="Model"/> is null (missing package, bad checksum, ...).</summary>
    public string? Unavailable { get; init; }
    public SurfaceRules Rules { get; init; } = SurfaceRules.Default;
    /// <summary>A challenger scored in the shadow of <see cref="Model"/> on a fraction of requests; never returned.</summary>
    public Shadow? Shadow { get; init; }
    /// <summary>The surface's running experiment, whose variants may rank instead of <see cref="Model"/>.</summary>
    public RunningExperiment? Experiment { get; init; }
}

/// <summary>Champion/challenger: <see cref="Challenger"/> also scores <see cref="Fraction"/> of requests, for comparison only.</summary>
public sealed record Shadow(RankingModel Challenger, double Fraction);

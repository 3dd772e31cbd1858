using Ranking.Core.Data;
using Ranking.Handlers.Experiments;

namespace Ranking.Handlers.Impressions;

/// <summary>The request side of an impression record: what was ranked for whom, and when.</summary>
public sealed class ImpressionHeader
{
    /// <summary>The response's <c>requestId</c>, which feedback events refer to.</summary>
    public required string ImpressionId { get; init; }

    /// <summary>The as-of time the feature values were computed at.</summary>
    public required DateTimeOffset Time { get; init; }
    public required string Surface { get; init; }
    public string? UserId { get; init; }

    /// <summary>The session an anonymous request named (it assigns experiment variants); written only when set.</summary>
    public string? SessionId { get; init; }
    public string? Query { get; init; }
    public IReadOnlyDictionary<string, ContextValue>? Context { get; init; }

    /// <summary>The experiment and variant that served the response, or null.</summary>
    public ExperimentTag? Experiment { get; init; }
}

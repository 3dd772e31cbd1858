using Ranking.Core.Data;

namespace Ranking.Core.Features;

/// <summary>What a feature plan may read besides the candidates: the request's user, query, context and time.</summary>
public sealed class FeatureContext
{
    /// <summary>Null for an anonymous or unknown user: user features take their defaults.</summary>
    public UserRecord? User { get; init; }
    public string? Query { get; init; }
    public IReadOnlyDictionary<string, ContextValue>? Context { get; init; }
    /// <summary>The time item ages are measured at: the request's clock, or a logged session's time in training.</summary>
    public DateTimeOffset Now { get; init; }
}

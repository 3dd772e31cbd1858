namespace Ranking.Handlers.Experiments;

/// <summary>
/// What a response and its impression record say about the experiment that served it. Under interleaving,
/// <paramref name="Variant"/> is the variant whose team picked first, and each item names its own team.
/// </summary>
public sealed record ExperimentTag(string Id, string Variant, string Mode);

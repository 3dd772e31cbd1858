namespace Ranking.Stores.Registry;

/// <summary>The answer to an alias move; <see cref="Live"/> is the alias as this call left it (on <see cref="RegistryOutcome.Done"/>).</summary>
public sealed record RegistryResult(RegistryOutcome Outcome, string Message, LiveAlias? Live = null);

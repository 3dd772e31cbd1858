namespace Ranking.Testing.Fuzz;

/// <summary>One generated request body and the kind of damage it carries (for failure messages).</summary>
public sealed record MalformedRequest(string Kind, byte[] Body);

namespace Ranking.Lambda.Runtime;

/// <summary>An environment made of a fixed set of variables, for tests and local runs.</summary>
internal sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string?> variables) : IEnvironment
{
    public string? Get(string name) => variables.TryGetValue(name, out var value) ? value : null;
}

namespace Ranking.Lambda.Runtime;

/// <summary>An environment made of a fixed set of variables: what tests start a function or read its settings with.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string?> variables) : IEnvironment
{
    public string? Get(string name) => variables.TryGetValue(name, out var value) ? value : null;
}

namespace Ranking.Lambda.Runtime;

/// <summary>An environment made of a fixed set of variables: what the runtime's tests start a loop with.</summary>
internal sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string?> variables) : IEnvironment
{
    public string? Get(string name) => variables.TryGetValue(name, out var value) ? value : null;
}

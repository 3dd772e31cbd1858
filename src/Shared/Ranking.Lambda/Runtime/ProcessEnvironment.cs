namespace Ranking.Lambda.Runtime;

/// <summary>The real process environment, as Lambda sets it up before starting <c>bootstrap</c>.</summary>
internal sealed class ProcessEnvironment : IEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment()
    {
    }

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

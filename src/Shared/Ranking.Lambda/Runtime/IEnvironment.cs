namespace Ranking.Lambda.Runtime;

/// <summary>Read access to environment variables, behind a seam so tests configure a function without touching the process.</summary>
public interface IEnvironment
{
    string? Get(string name);
}

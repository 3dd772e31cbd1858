namespace Ranking.Infra.Tests;

/// <summary>The repository root (the folder holding cdk.json and src/), as every test project finds it.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Ranking.Testing.Loopback.RepoRoot.Find();
}

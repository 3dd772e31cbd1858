using Ranking.Testing.Loopback;

namespace Ranking.Training.Tests;

/// <summary>
/// Locates the shared LightGBM LambdaRank sample (<c>../shared/data</c> next to the repository). The data is
/// research-use only and never copied into the repository, so tests read it in place.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> s_directory = new(Locate);

    public static string LambdaRank => Path.Combine(s_directory.Value, "lightgbm-lambdarank");

    public static string File(string name) => Path.Combine(LambdaRank, name);

    private static string Locate()
    {
        var data = Path.GetFullPath(Path.Combine(RepoRoot.Find(), "..", "shared", "data"));
        return Directory.Exists(data) ? data : throw new DirectoryNotFoundException($"Shared data not found at {data}.");
    }
}

namespace Ranking.Infra.Tests;

/// <summary>The repository root, found from the test binaries upwards (the folder holding cdk.json and src/).</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "cdk.json")) && Directory.Exists(System.IO.Path.Combine(directory.FullName, "src")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }
}

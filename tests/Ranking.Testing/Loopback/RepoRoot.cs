namespace Ranking.Testing.Loopback;

/// <summary>The repository root: the nearest folder above the test binaries that holds <c>Serverless.sln</c>.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }
}

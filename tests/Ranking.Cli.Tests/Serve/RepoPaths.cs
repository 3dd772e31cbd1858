namespace Ranking.Cli.Tests.Serve;

/// <summary>The committed samples, found from the test binary by walking up to <c>Serverless.sln</c>.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    });

    public static string Models => Path.Combine(s_root.Value, "samples", "models");

    /// <summary>A copy of the sample models in a fresh temp folder, for tests that damage them.</summary>
    public static string CopyModels()
    {
        var target = Directory.CreateTempSubdirectory("ranking-models-").FullName;
        foreach (var file in Directory.EnumerateFiles(Models, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Models, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}

using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests;

/// <summary>The committed samples, found from the test binary by walking up to <c>Serverless.sln</c>.</summary>
internal static class RepoPaths
{
    public static string Models => Path.Combine(RepoRoot.Find(), "samples", "models");

    /// <summary>The sample marketplace (items, users, impression logs).</summary>
    public static string Marketplace => Path.Combine(RepoRoot.Find(), "samples", "marketplace");

    /// <summary>The default feature files (<c>feed.json</c>, <c>search.json</c>).</summary>
    public static string Features => Path.Combine(RepoRoot.Find(), "samples", "features");

    /// <summary>Rows in a shipped model's holdout (they change when the sample models are retrained).</summary>
    public static int HoldoutRows(string name) => File.ReadLines(Path.Combine(Models, name, "1", "holdout.jsonl")).Count(line => line.Length > 0);

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

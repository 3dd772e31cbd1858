using Ranking.Testing.Processes;

namespace Ranking.ColdStart;

/// <summary>
/// A detached git worktree of another commit (<c>--baseline REF</c>), so its Rank bootstrap is built exactly as that
/// commit built it and measured in the same run as this one's. Kept between runs under the temp folder, one per commit.
/// </summary>
internal static class BaselineCheckout
{
    /// <returns>The worktree's root and the commit it holds.</returns>
    /// <exception cref="InvalidOperationException">git cannot resolve the ref or add the worktree.</exception>
    public static async Task<(string Root, string Commit)> PrepareAsync(string repoRoot, string gitRef)
    {
        var commit = (await GitAsync(repoRoot, "rev-parse", "--verify", gitRef + "^{commit}")).Trim();
        var root = Path.Combine(Path.GetTempPath(), "ranking-cold-start-baseline-" + commit[..12]);
        if (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            await GitAsync(repoRoot, "worktree", "add", "--force", "--detach", root, commit);
        }

        return (root, commit);
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var run = await ToolRun.RunAsync("git", arguments, directory);
        return run.ExitCode == 0
            ? run.Stdout
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({run.ExitCode}): {run.Stderr}");
    }
}

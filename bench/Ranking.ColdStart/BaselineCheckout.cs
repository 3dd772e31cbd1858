using System.Diagnostics;

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
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
    }
}

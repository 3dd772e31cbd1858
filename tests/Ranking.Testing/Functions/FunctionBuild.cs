using System.Collections.Concurrent;
using Ranking.Testing.Loopback;
using Ranking.Testing.Processes;

namespace Ranking.Testing.Functions;

/// <summary>
/// Builds a function once per process: the native-AOT publish that ships (trim/AOT warnings are errors, so a
/// publish that succeeds is the gate), its trees-only variant (<c>-p:RankingTreesOnly=true</c>, without ONNX
/// Runtime's library), or a JIT build of the same code to compare start-up against.
/// </summary>
public static class FunctionBuild
{
    private static readonly ConcurrentDictionary<(string, bool, bool, string), Lazy<Task<string>>> s_builds = new();

    /// <summary>The path of the <c>bootstrap</c> executable.</summary>
    /// <param name="repoRoot">The checkout to build from (a worktree of another commit, to compare with); this repository by default.</param>
    public static Task<string> BootstrapAsync(string project, bool nativeAot = true, bool treesOnly = false, string? repoRoot = null) =>
        s_builds.GetOrAdd((project, nativeAot, treesOnly, repoRoot ?? RepoRoot.Find()), key => new Lazy<Task<string>>(() => BuildAsync(key.Item1, key.Item2, key.Item3, key.Item4))).Value;

    private static async Task<string> BuildAsync(string project, bool nativeAot, bool treesOnly, string root)
    {
        var csproj = Path.Combine(root, "src", "Functions", project, project + ".csproj");
        var output = Path.Combine(root, "artifacts", "test-functions", (nativeAot ? "aot" : "jit") + (treesOnly ? "-trees-only" : ""), project);
        // The JIT build is self-contained too (the props set a runtime identifier), so its apphost starts the same way.
        List<string> arguments = nativeAot
            ? ["publish", csproj, "-c", "Release", "-o", output, "--nologo"]
            : ["build", csproj, "-c", "Release", "-o", output, "--nologo", "-p:PublishAot=false"];
        if (treesOnly)
        {
            arguments.Add("-p:RankingTreesOnly=true");
        }

        var run = await ToolRun.RunAsync("dotnet", arguments, root);
        var bootstrap = Path.Combine(output, "bootstrap");
        if (run.ExitCode != 0 || !File.Exists(bootstrap))
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({run.ExitCode}):\n{run.Stdout}\n{run.Stderr}");
        }

        return bootstrap;
    }
}

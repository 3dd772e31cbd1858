using System.Collections.Concurrent;
using System.Diagnostics;
using Ranking.Testing.Loopback;

namespace Ranking.Testing.Functions;

/// <summary>
/// Builds a function once per process: the native-AOT publish that ships (trim/AOT warnings are errors, so a
/// publish that succeeds is the gate), or a JIT build of the same code to compare start-up against.
/// </summary>
public static class FunctionBuild
{
    private static readonly ConcurrentDictionary<(string, bool), Lazy<Task<string>>> s_builds = new();

    /// <summary>The path of the <c>bootstrap</c> executable.</summary>
    public static Task<string> BootstrapAsync(string project, bool nativeAot = true) =>
        s_builds.GetOrAdd((project, nativeAot), key => new Lazy<Task<string>>(() => BuildAsync(key.Item1, key.Item2))).Value;

    private static async Task<string> BuildAsync(string project, bool nativeAot)
    {
        var root = RepoRoot.Find();
        var csproj = Path.Combine(root, "src", "Functions", project, project + ".csproj");
        var output = Path.Combine(root, "artifacts", "test-functions", nativeAot ? "aot" : "jit", project);
        // The JIT build is self-contained too (the props set a runtime identifier), so its apphost starts the same way.
        string[] arguments = nativeAot
            ? ["publish", csproj, "-c", "Release", "-o", output, "--nologo"]
            : ["build", csproj, "-c", "Release", "-o", output, "--nologo", "-p:PublishAot=false"];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var bootstrap = Path.Combine(output, "bootstrap");
        if (process.ExitCode != 0 || !File.Exists(bootstrap))
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return bootstrap;
    }
}

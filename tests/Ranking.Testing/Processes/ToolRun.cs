using System.Diagnostics;

namespace Ranking.Testing.Processes;

/// <summary>A command-line tool (dotnet, git) run to completion, with both output streams read as it writes them.</summary>
public static class ToolRun
{
    /// <summary>The tool's exit code and everything it wrote.</summary>
    public readonly record struct Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        // Both streams at once: a tool that fills one pipe while we wait on the other would never exit.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

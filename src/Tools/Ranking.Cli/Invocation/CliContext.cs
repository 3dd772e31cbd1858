using Spectre.Console;

namespace Ranking.Cli.Invocation;

/// <summary>
/// What a command reaches besides its arguments: the console, the clock, randomness and the AWS clients. Program.cs passes the
/// process's own; tests pass a TestConsole, a StringWriter, a pinned clock and loopback or recording clients.
/// </summary>
internal sealed class CliContext
{
    /// <summary>Stdout for people: tables, progress bars, markup. Spectre wraps its text at the console's width.</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Stderr: <c>error:</c> and <c>note:</c> lines, and System.CommandLine's parse errors.</summary>
    public required TextWriter Error { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Draws in [0, 1) for retry jitter in the AWS stores.</summary>
    public required Func<double> Randomizer { get; init; }

    public required AwsClients Aws { get; init; }

    /// <summary>
    /// Stdout for scripts: plain lines and JSON written as they are, never wrapped at the console's width nor read as
    /// markup. The same writer as <see cref="Out"/>'s, so what both write keeps its order.
    /// </summary>
    public TextWriter Stdout => Out.Profile.Out.Writer;

    public static CliContext FromProcess() => new()
    {
        Out = AnsiConsole.Console,
        Error = Console.Error,
        Time = TimeProvider.System,
        Randomizer = Random.Shared.NextDouble,
        Aws = AwsClients.FromEnvironment(),
    };
}

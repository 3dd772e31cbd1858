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

    /// <summary>
    /// The width of tables written to a pipe or file: wide enough that no row wraps mid-phrase, since nothing there
    /// wraps long lines back. A terminal keeps its own width, which Spectre reads.
    /// </summary>
    public const int RedirectedWidth = 1000;

    public static CliContext FromProcess() => new()
    {
        Out = StdoutConsole(System.Console.IsOutputRedirected),
        Error = Console.Error,
        Time = TimeProvider.System,
        Randomizer = Random.Shared.NextDouble,
        Aws = AwsClients.FromEnvironment(),
    };

    /// <param name="output">Where it writes; the process's stdout when null.</param>
    internal static IAnsiConsole StdoutConsole(bool redirected, TextWriter? output = null)
    {
        var console = output is null ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}

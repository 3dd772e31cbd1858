using Ranking.Cli.Invocation;
using Ranking.Testing.Seams;
using Spectre.Console.Testing;

namespace Ranking.Cli.Tests;

/// <summary>
/// The <c>ranking</c> command run as a user runs it (Program.cs's tree and parser) against a TestConsole and a captured
/// stderr, with a pinned clock, and with no AWS unless the test gives it some.
/// </summary>
internal sealed class TestCli : IDisposable
{
    /// <summary>System.CommandLine's exit code for a command line it cannot parse (a missing or malformed option).</summary>
    public const int ParseError = 1;

    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestConsole _console = new();
    private readonly StringWriter _error = new();

    public TestCli()
    {
        // Wide enough that no table or line in these tests wraps.
        _console.Profile.Width = 240;
    }

    public AwsClients Aws { get; init; } = TestAws.None();

    /// <summary>The command's clock: pinned at <see cref="Now"/> unless a test runs something against the wall clock.</summary>
    public TimeProvider Time { get; init; } = new FixedTimeProvider(Now);

    /// <summary>Stdout as a user would read it: Spectre's output with the markup rendered as plain text.</summary>
    public string Output => _console.Output;

    public string Error => _error.ToString();

    public Task<int> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        RankingCommand.InvokeAsync(args, new CliContext { Out = _console, Error = _error, Time = Time, Randomizer = Randomizers.Midpoint, Aws = Aws }, cancellationToken);

    public void Dispose()
    {
        _console.Dispose();
        _error.Dispose();
    }
}

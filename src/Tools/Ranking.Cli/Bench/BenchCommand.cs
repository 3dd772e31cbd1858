using System.CommandLine;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Bench;

/// <summary><c>ranking bench</c>: measurements run on this machine, against their peers in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "Measure hot paths on this machine against their peers, in the same run");
        command.Subcommands.Add(ScoringBenchCommand.Create(context));
        return command;
    }
}

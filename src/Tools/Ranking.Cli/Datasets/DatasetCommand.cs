using System.CommandLine;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Datasets;

/// <summary><c>ranking dataset build</c>: turns the logs of the learning loop into training data.</summary>
internal static class DatasetCommand
{
    public static Command Create(CliContext context) => new("dataset", "Build labelled training data from impression and event logs")
    {
        DatasetBuildCommand.Create(context),
    };
}

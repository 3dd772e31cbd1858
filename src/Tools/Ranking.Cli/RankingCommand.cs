using System.CommandLine;
using Ranking.Cli.Bench;
using Ranking.Cli.Data;
using Ranking.Cli.Datasets;
using Ranking.Cli.Dev;
using Ranking.Cli.Experiments;
using Ranking.Cli.Invocation;
using Ranking.Cli.Monitoring;
using Ranking.Cli.Registry;
using Ranking.Cli.Serve;
using Ranking.Cli.Simulation;
using Ranking.Cli.Training;

namespace Ranking.Cli;

/// <summary>The <c>ranking</c> command tree, the same for Program.cs and the tests.</summary>
internal static class RankingCommand
{
    public static RootCommand Create(CliContext context) => new("ranking: train, evaluate and serve learning-to-rank models for the marketplace")
    {
        ServeCommand.Create(context),
        TrainCommand.Create(context),
        TuneCommand.Create(context),
        EvaluateCommand.Create(context),
        GenerateSampleCommand.Create(context),
        DatasetCommand.Create(context),
        LoadCommand.Create(context),
        EnqueueCommand.Create(context),
        PublishCommand.Create(context),
        ModelsCommand.Create(context),
        ExperimentsCommand.Create(context),
        MonitorCommand.Create(context),
        SimulateCommand.Create(context),
        BenchCommand.Create(context),
        DevCommand.Create(context),
    };

    /// <summary>Parses and runs a command line; help and parse errors go to the context's writers too.</summary>
    public static Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default) =>
        Create(context).Parse(args).InvokeAsync(new InvocationConfiguration { Output = context.Stdout, Error = context.Error }, cancellationToken);
}

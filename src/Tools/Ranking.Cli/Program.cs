using System.CommandLine;
using Ranking.Cli.Commands;

var root = new RootCommand("ranking: train, evaluate and serve learning-to-rank models for the marketplace")
{
    ServeCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    GenerateSampleCommand.Create(),
    LoadCommand.Create(),
    EnqueueCommand.Create(),
    PublishCommand.Create(),
    ModelsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

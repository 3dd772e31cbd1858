using System.CommandLine;
using Ranking.Cli.Data;
using Ranking.Cli.Registry;
using Ranking.Cli.Serve;
using Ranking.Cli.Training;

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

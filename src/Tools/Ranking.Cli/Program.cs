using Ranking.Cli;
using Ranking.Cli.Invocation;

return await RankingCommand.InvokeAsync(args, CliContext.FromProcess());

using Ranking.Functions.Rank;
using Ranking.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(RankFunction.InitAsync);

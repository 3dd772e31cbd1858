using Ranking.Functions.Rank;
using Ranking.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(RankFunction.InitAsync, new LambdaBootstrapOptions { Time = TimeProvider.System, Randomizer = Random.Shared.NextDouble });

using Ranking.Functions.ModelRefresh;
using Ranking.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(ModelRefreshFunction.InitAsync, new LambdaBootstrapOptions { Time = TimeProvider.System, Randomizer = Random.Shared.NextDouble });

using Ranking.Functions.FeedBackfill;
using Ranking.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(FeedBackfillFunction.InitAsync, new LambdaBootstrapOptions { Time = TimeProvider.System, Randomizer = Random.Shared.NextDouble });

using Ranking.Functions.FeedRerank;
using Ranking.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(FeedRerankFunction.InitAsync, new LambdaBootstrapOptions { Time = TimeProvider.System, Randomizer = Random.Shared.NextDouble });

using Ranking.Functions.Train;
using Ranking.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(TrainFunction.InitAsync, new LambdaBootstrapOptions { Time = TimeProvider.System, Randomizer = Random.Shared.NextDouble });

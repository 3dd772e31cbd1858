using Ranking.Lambda.Logging;

namespace Ranking.Lambda.Runtime;

/// <summary>The entry point of a custom-runtime <c>bootstrap</c>: <c>return await LambdaBootstrap.RunAsync(InitAsync, new() { Time = TimeProvider.System, Randomizer = Random.Shared.NextDouble });</c></summary>
public static class LambdaBootstrap
{
    private const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>
    /// Runs <paramref name="init"/> once (an exception is posted to <c>init/error</c> and gives exit code 1), then serves
    /// invocations until the Runtime API goes away (exit code 0). A handler exception becomes that invocation's error;
    /// the loop goes on. Exit code 1 also when <c>AWS_LAMBDA_RUNTIME_API</c> is missing.
    /// </summary>
    public static Task<int> RunAsync(Func<LambdaInitContext, CancellationToken, ValueTask<LambdaHandler>> init, LambdaBootstrapOptions options) =>
        RunAsync(init, options, client: null, CancellationToken.None);

    internal static async Task<int> RunAsync(
        Func<LambdaInitContext, CancellationToken, ValueTask<LambdaHandler>> init,
        LambdaBootstrapOptions options,
        IRuntimeApiClient? client,
        CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(options);
        var environment = options.Environment ?? ProcessEnvironment.Instance;
        var output = options.Output ?? Console.Out;
        var time = options.Time;

        var runtimeApi = environment.Get(RuntimeApiVariable);
        if (client is null && string.IsNullOrWhiteSpace(runtimeApi))
        {
            await Console.Error.WriteLineAsync(RuntimeApiVariable + " is not set: this program runs as a Lambda custom runtime (bootstrap).");
            return 1;
        }

        var level = JsonLogger.TryParseLevel(environment.Get("AWS_LAMBDA_LOG_LEVEL"), out var parsed) ? parsed : LogLevel.Info;
        var log = new JsonLogger(output, time, level);
        var context = new LambdaInitContext { Log = log, Environment = environment, Output = output, Time = time, Randomizer = options.Randomizer };

        using var httpClient = client is null ? new HttpRuntimeApiClient(runtimeApi!, options.HttpHandler, time) : null;
        var loop = new InvokeLoop(client ?? httpClient!, log, time, options.DeadlineMargin, setTraceEnvironment: options.Environment is null);
        return await loop.RunAsync(init, context, stop);
    }
}

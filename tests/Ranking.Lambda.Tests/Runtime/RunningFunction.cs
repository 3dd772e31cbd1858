using Ranking.Lambda.Runtime;
using Ranking.Testing.Output;
using Ranking.Testing.RuntimeApi;
using Ranking.Testing.Seams;

namespace Ranking.Lambda.Tests.Runtime;

/// <summary>A function's bootstrap loop running in-process against a <see cref="FakeRuntimeApi"/>.</summary>
internal sealed class RunningFunction : IAsyncDisposable
{
    private RunningFunction(FakeRuntimeApi api, LogCapture output, Task<int> exit)
    {
        Api = api;
        Output = output;
        Exit = exit;
    }

    public FakeRuntimeApi Api { get; }

    public LogCapture Output { get; }

    public Task<int> Exit { get; }

    public static async Task<RunningFunction> StartAsync(LambdaHandler handler, TimeProvider? time = null, TimeSpan? deadlineMargin = null) =>
        await StartWithInitAsync((_, _) => ValueTask.FromResult(handler), time, deadlineMargin);

    public static async Task<RunningFunction> StartWithInitAsync(
        Func<LambdaInitContext, CancellationToken, ValueTask<LambdaHandler>> init, TimeProvider? time = null, TimeSpan? deadlineMargin = null)
    {
        var api = await FakeRuntimeApi.StartAsync();
        var output = new LogCapture();
        var options = new LambdaBootstrapOptions
        {
            Environment = Environment(api.Address),
            Output = output,
            Time = time ?? TimeProvider.System,
            Randomizer = Randomizers.Midpoint,
            DeadlineMargin = deadlineMargin ?? LambdaBootstrapOptions.DefaultDeadlineMargin,
        };
        var exit = Task.Run(() => LambdaBootstrap.RunAsync(init, options));
        return new RunningFunction(api, output, exit);
    }

    public static DictionaryEnvironment Environment(string runtimeApi) => new(new Dictionary<string, string?>
    {
        ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
        ["AWS_LAMBDA_FUNCTION_NAME"] = "ranking-test",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
    });

    public Task<InvocationOutcome> InvokeAsync(string payload, TimeSpan? timeout = null, string? requestId = null) =>
        Api.InvokeAsync(System.Text.Encoding.UTF8.GetBytes(payload), timeout, requestId);

    /// <summary>Stops the Runtime API and returns the loop's exit code.</summary>
    public async Task<int> StopAsync()
    {
        await Api.DisposeAsync();
        return await Exit.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

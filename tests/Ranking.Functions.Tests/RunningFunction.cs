using System.Text;
using System.Text.Json;
using Ranking.Testing.Functions;
using Ranking.Testing.RuntimeApi;

namespace Ranking.Functions.Tests;

/// <summary>A published bootstrap started under a fresh fake Runtime API.</summary>
internal sealed class RunningFunction : IAsyncDisposable
{
    private RunningFunction(FakeRuntimeApi api, FunctionProcess process)
    {
        Api = api;
        Process = process;
    }

    public FakeRuntimeApi Api { get; }
    public FunctionProcess Process { get; }

    public static async Task<RunningFunction> StartAsync(string bootstrap, Func<string, Dictionary<string, string>> environment)
    {
        var api = await FakeRuntimeApi.StartAsync();
        return new RunningFunction(api, FunctionProcess.Start(bootstrap, environment(api.Address)));
    }

    public Task<JsonElement> InvokeAsync(string payload) => InvokeAsync(Encoding.UTF8.GetBytes(payload));

    /// <summary>Invokes with raw bytes (an event may carry what no string holds, such as an invalid UTF-8 byte); any invocation error fails the test.</summary>
    public async Task<JsonElement> InvokeAsync(byte[] payload)
    {
        var outcome = await Api.InvokeAsync(payload, TimeSpan.FromSeconds(20));
        Assert.False(outcome.IsError, $"invocation failed: {outcome.ErrorType}: {outcome.ErrorMessage}\n{string.Join('\n', Process.Output)}");
        using var document = JsonDocument.Parse(outcome.Body);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Process.DisposeAsync();
    }
}

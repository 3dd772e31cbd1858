using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ranking.Testing.Functions;
using Ranking.Testing.RuntimeApi;

namespace Ranking.ColdStart;

/// <summary>One cold start: a fresh Runtime API and a fresh process, one invocation, then the process is killed.</summary>
internal static class ColdStartRound
{
    private static readonly TimeSpan s_initTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_invocationTimeout = TimeSpan.FromSeconds(20);

    // Only how soon we notice: FirstNextAt is stamped by the Runtime API when the request arrives.
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task<RoundTiming> RunAsync(FunctionCase function, BuildKind kind, string bootstrap, FunctionTestBed bed)
    {
        var label = function.Name + " (" + kind + ")";
        await using var api = await FakeRuntimeApi.StartAsync();
        // Declared after the API so it is killed first: it never sees the API go away and retry while the next round starts.
        // ModelRefresh needs the registry; the ranking functions run without one, so they load the newest package
        // from the bucket at init, as the measurement intends (with a registry and no alias they would load nothing).
        await using var process = FunctionProcess.Start(bootstrap, bed.Environment(api.Address, registry: function.Name == "ModelRefresh"));
        var firstNextAt = await WaitForInitAsync(label, api, process);

        var queuedAt = Stopwatch.GetTimestamp();
        InvocationOutcome outcome;
        try
        {
            outcome = await api.InvokeAsync(function.Payload, s_invocationTimeout);
        }
        catch (TimeoutException e)
        {
            throw new ColdStartFailedException(label + ": " + e.Message + Diagnostics(process), e);
        }

        var firstInvocation = Stopwatch.GetElapsedTime(queuedAt);
        if (outcome.IsError)
        {
            throw new ColdStartFailedException(label + ": the first invocation returned an error: " + outcome.ErrorType + ": " + outcome.ErrorMessage + Diagnostics(process));
        }

        using var response = JsonDocument.Parse(outcome.Body);
        if (function.Check(response.RootElement) is { } problem)
        {
            throw new ColdStartFailedException(label + ": the first invocation did not succeed: " + problem + Diagnostics(process));
        }

        return new RoundTiming(firstNextAt - process.StartedAt, firstInvocation);
    }

    private static async Task<DateTimeOffset> WaitForInitAsync(string label, FakeRuntimeApi api, FunctionProcess process)
    {
        var waitingSince = Stopwatch.GetTimestamp();
        while (true)
        {
            if (api.FirstNextAt is { } firstNextAt)
            {
                return firstNextAt;
            }

            if (api.InitErrorAsync.IsCompletedSuccessfully)
            {
                var error = await api.InitErrorAsync;
                throw new ColdStartFailedException(label + ": init failed: " + error.ErrorType + ": " + error.ErrorMessage + Diagnostics(process));
            }

            if (process.HasExited)
            {
                throw new ColdStartFailedException(label + ": the process exited with code " + process.ExitCode.ToString(CultureInfo.InvariantCulture) + " before its first invocation/next" + Diagnostics(process));
            }

            if (Stopwatch.GetElapsedTime(waitingSince) > s_initTimeout)
            {
                throw new ColdStartFailedException(label + ": no invocation/next within " + s_initTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s of start" + Diagnostics(process));
            }

            await Task.Delay(s_pollInterval);
        }
    }

    private static string Diagnostics(FunctionProcess process) =>
        "\n--- stderr (last 40 lines) ---\n" + Tail(process.Errors) + "\n--- stdout (last 40 lines) ---\n" + Tail(process.Output);

    private static string Tail(IReadOnlyCollection<string> lines) => string.Join('\n', lines.Skip(Math.Max(0, lines.Count - 40)));
}

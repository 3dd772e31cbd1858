using Ranking.Lambda.Logging;

namespace Ranking.Lambda.Runtime;

/// <summary>
/// Init once, then next → handler → response | error until the Runtime API goes away. One invocation at a time:
/// Lambda sends the next event only after the previous response, so all per-invocation state lives on this stack.
/// </summary>
internal sealed class InvokeLoop(IRuntimeApiClient client, JsonLogger log, TimeProvider time, TimeSpan deadlineMargin, bool setTraceEnvironment)
{
    private const string TraceEnvironmentVariable = "_X_AMZN_TRACE_ID";

    /// <returns>0 when the Runtime API went away, 1 when init failed or the API misbehaved beyond retries.</returns>
    public async Task<int> RunAsync(Func<LambdaInitContext, CancellationToken, ValueTask<LambdaHandler>> init, LambdaInitContext context, CancellationToken stop)
    {
        var handler = await InitAsync(init, context, stop);
        if (handler is null)
        {
            return 1;
        }

        while (!stop.IsCancellationRequested)
        {
            NextInvocation next;
            try
            {
                next = await client.GetNextAsync(stop);
            }
            catch (RuntimeApiUnavailableException ex)
            {
                log.Info("Runtime API went away; stopping", ("reason", ex.Message));
                return 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception ex)
            {
                log.Error(ex, "invocation/next failed");
                return 1;
            }

            if (!await InvokeAsync(handler, context.AfterInvocations, next, stop))
            {
                return 0;
            }
        }

        return 0;
    }

    private async Task<LambdaHandler?> InitAsync(Func<LambdaInitContext, CancellationToken, ValueTask<LambdaHandler>> init, LambdaInitContext context, CancellationToken stop)
    {
        try
        {
            return await init(context, stop);
        }
        catch (Exception ex)
        {
            log.Error(ex, "init failed");
            try
            {
                await client.PostInitErrorAsync(RuntimeError.From(ex), stop);
            }
            catch (Exception postException)
            {
                log.Error(postException, "could not report the init error to the Runtime API");
            }

            return null;
        }
    }

    /// <returns>false when the Runtime API went away while answering.</returns>
    private async Task<bool> InvokeAsync(LambdaHandler handler, IReadOnlyList<AfterInvocation> after, NextInvocation next, CancellationToken stop)
    {
        var invocationLog = log.ForInvocation(next.RequestId, next.TraceId);
        var deadline = next.DeadlineMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MaxValue;
        if (setTraceEnvironment)
        {
            // What the managed runtimes do, for SDKs that read the trace header from the environment. Safe here
            // because this process handles exactly one invocation at a time.
            Environment.SetEnvironmentVariable(TraceEnvironmentVariable, next.TraceId);
        }

        var invocation = new LambdaInvocation
        {
            RequestId = next.RequestId,
            Payload = next.Payload,
            Deadline = deadline,
            TraceId = next.TraceId,
            FunctionArn = next.FunctionArn,
            Log = invocationLog,
        };

        using var deadlineSource = new InvocationDeadline(deadline, deadlineMargin, time, stop);
        bool answered;
        try
        {
            var response = await handler(invocation, deadlineSource.Token) ?? [];
            answered = await AnswerAsync(() => client.PostResponseAsync(next.RequestId, response, stop), invocationLog, stop);
        }
        catch (Exception ex)
        {
            invocationLog.Error(ex, "handler failed", ("deadlinePassed", deadlineSource.IsCancellationRequested));
            answered = await AnswerAsync(() => client.PostErrorAsync(next.RequestId, RuntimeError.From(ex), stop), invocationLog, stop);
        }

        if (answered)
        {
            await RunAfterAsync(after, invocationLog, deadlineSource.Token);
        }

        return answered;
    }

    private static async Task RunAfterAsync(IReadOnlyList<AfterInvocation> after, JsonLogger invocationLog, CancellationToken cancellationToken)
    {
        foreach (var work in after)
        {
            try
            {
                await work(invocationLog, cancellationToken);
            }
            catch (Exception ex)
            {
                invocationLog.Error(ex, "work after the invocation failed");
            }
        }
    }

    private static async Task<bool> AnswerAsync(Func<Task> post, JsonLogger invocationLog, CancellationToken stop)
    {
        try
        {
            await post();
            return true;
        }
        catch (RuntimeApiUnavailableException ex)
        {
            invocationLog.Info("Runtime API went away while answering; stopping", ("reason", ex.Message));
            return false;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            // The API rejected this answer (e.g. 413 for a response over 6 MB). Lambda reports the invocation as
            // failed on its own; the environment is still healthy, so the loop goes on.
            invocationLog.Error(ex, "the Runtime API did not accept the answer");
            return true;
        }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ranking.Testing.RuntimeApi;

public sealed partial class FakeRuntimeApi
{
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private void MapEndpoints()
    {
        _app.MapGet(Prefix + "/invocation/next", (RequestDelegate)NextAsync);
        _app.MapPost(Prefix + "/invocation/{requestId}/response", (RequestDelegate)ResponseAsync);
        _app.MapPost(Prefix + "/invocation/{requestId}/error", (RequestDelegate)ErrorAsync);
        _app.MapPost(Prefix + "/init/error", (RequestDelegate)InitErrorPostAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        Interlocked.Increment(ref _nextCalls);
        Interlocked.CompareExchange(ref _firstNextAtTicks, DateTimeOffset.UtcNow.UtcTicks, 0);

        PendingInvocation pending;
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
        {
            try
            {
                pending = await _queue.Reader.ReadAsync(waiting.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: drop the connection like a vanished execution environment would.
                context.Abort();
                return;
            }
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:fake";
        headers["Lambda-Runtime-Trace-Id"] = pending.TraceId;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = pending.Payload.Length;
        await context.Response.Body.WriteAsync(pending.Payload, context.RequestAborted);
    }

    private async Task ResponseAsync(HttpContext context)
    {
        Interlocked.Increment(ref _responsePosts);
        var body = await ReadBodyAsync(context.Request);
        if (TryConsumeInjectedFailure())
        {
            await WriteStatusAsync(context, StatusCodes.Status500InternalServerError, """{"errorMessage":"injected fault","errorType":"ServiceException"}""");
            return;
        }

        await CompleteAsync(context, new InvocationOutcome { RequestId = RequestIdOf(context), IsError = false, Body = body });
    }

    private async Task ErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request);
        var header = context.Request.Headers[ErrorTypeHeader].FirstOrDefault();
        var (type, message) = ErrorDocument.Read(body);
        await CompleteAsync(context, new InvocationOutcome
        {
            RequestId = RequestIdOf(context),
            IsError = true,
            Body = body,
            ErrorType = type ?? header,
            ErrorMessage = message,
            ErrorTypeHeader = header,
        });
    }

    private async Task InitErrorPostAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request);
        var header = context.Request.Headers[ErrorTypeHeader].FirstOrDefault();
        var (type, message) = ErrorDocument.Read(body);
        _initError.TrySetResult(new InitError { Body = body, ErrorType = type ?? header, ErrorMessage = message, ErrorTypeHeader = header });
        await WriteStatusAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""");
    }

    private async Task CompleteAsync(HttpContext context, InvocationOutcome outcome)
    {
        if (!_inFlight.TryGetValue(outcome.RequestId, out var pending))
        {
            await WriteStatusAsync(context, StatusCodes.Status400BadRequest, """{"errorMessage":"unknown request id","errorType":"InvalidRequestID"}""");
            return;
        }

        pending.Outcome.TrySetResult(outcome);
        await WriteStatusAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""");
    }

    private bool TryConsumeInjectedFailure()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _responseFailuresToInject);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _responseFailuresToInject, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }

    private static string RequestIdOf(HttpContext context) => (string)context.Request.RouteValues["requestId"]!;

    private static Task WriteStatusAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}

using System.Text.Json;
using Ranking.Lambda.Runtime;

namespace Ranking.Lambda.Tests.Runtime;

/// <summary>The Runtime API client's HTTP behaviour: paths, headers, retries.</summary>
public sealed class HttpRuntimeApiClientTests
{
    private static HttpRuntimeApiClient Client(StubHttpHandler handler) => new("127.0.0.1:9001", handler, TimeProvider.System);

    [Fact]
    public async Task GetNext_ReadsRequestIdDeadlineAndPayloadFromTheDocumentedPath()
    {
        var handler = new StubHttpHandler(_ => StubHttpHandler.Event("req-1", "{\"a\":1}"));
        using var client = Client(handler);

        var next = await client.GetNextAsync(CancellationToken.None);

        Assert.Equal("req-1", next.RequestId);
        Assert.Equal(1741806238000, next.DeadlineMs);
        Assert.Equal("{\"a\":1}"u8.ToArray(), next.Payload);
        var (request, _) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", request.RequestUri!.ToString());
    }

    [Fact]
    public async Task GetNext_After5xxAndAResetConnection_RetriesUntilAnEventArrives()
    {
        var handler = new StubHttpHandler(_ => StubHttpHandler.Status(500), StubHttpHandler.Reset, _ => StubHttpHandler.Event("req-2", "{}"));
        using var client = Client(handler);

        var next = await client.GetNextAsync(CancellationToken.None);

        Assert.Equal("req-2", next.RequestId);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task GetNext_WhenEveryAttemptIs5xx_GivesUpWithARuntimeApiError()
    {
        var handler = new StubHttpHandler(_ => StubHttpHandler.Status(503));
        using var client = Client(handler);

        await Assert.ThrowsAsync<RuntimeApiException>(() => client.GetNextAsync(CancellationToken.None));
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task GetNext_WhenTheConnectionKeepsDropping_ReportsTheApiUnavailable()
    {
        var handler = new StubHttpHandler(StubHttpHandler.Reset);
        using var client = Client(handler);

        await Assert.ThrowsAsync<RuntimeApiUnavailableException>(() => client.GetNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PostResponse_On400_IsNotRetried()
    {
        var handler = new StubHttpHandler(_ => StubHttpHandler.Status(413));
        using var client = Client(handler);

        await Assert.ThrowsAsync<RuntimeApiException>(() => client.PostResponseAsync("req-1", [1, 2], CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task PostError_SendsTheDocumentedBodyAndErrorTypeHeader()
    {
        var handler = new StubHttpHandler(_ => StubHttpHandler.Status(202));
        using var client = Client(handler);

        await client.PostErrorAsync("req/1", new RuntimeError { ErrorMessage = "boom", ErrorType = "InvalidOperationException", StackTrace = ["at X"] }, CancellationToken.None);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:9001/2018-06-01/runtime/invocation/req%2F1/error", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Unhandled", Assert.Single(request.Headers.GetValues("Lambda-Runtime-Function-Error-Type")));
        using var document = JsonDocument.Parse(body!);
        Assert.Equal("boom", document.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", document.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("at X", document.RootElement.GetProperty("stackTrace")[0].GetString());
    }

    [Fact]
    public async Task PostInitError_GoesToInitError()
    {
        var handler = new StubHttpHandler(_ => StubHttpHandler.Status(202));
        using var client = Client(handler);

        await client.PostInitErrorAsync(new RuntimeError { ErrorMessage = "m", ErrorType = "T" }, CancellationToken.None);

        Assert.Equal("/2018-06-01/runtime/init/error", Assert.Single(handler.Requests).Request.RequestUri!.AbsolutePath);
    }
}

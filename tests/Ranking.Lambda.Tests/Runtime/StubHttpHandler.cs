using System.Collections.Concurrent;

namespace Ranking.Lambda.Tests.Runtime;

/// <summary>An HTTP handler answering from a script and recording every request it saw.</summary>
internal sealed class StubHttpHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
{
    private int _calls;

    public ConcurrentQueue<(HttpRequestMessage Request, string? Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request, body));
        var step = steps[Math.Min(Interlocked.Increment(ref _calls) - 1, steps.Length - 1)];
        return step(request);
    }

    public static HttpResponseMessage Status(int status) => new((System.Net.HttpStatusCode)status);

    public static HttpResponseMessage Event(string requestId, string payload)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(payload) };
        response.Headers.Add("Lambda-Runtime-Aws-Request-Id", requestId);
        response.Headers.Add("Lambda-Runtime-Deadline-Ms", "1741806238000");
        return response;
    }

    public static HttpResponseMessage Reset(HttpRequestMessage request) =>
        throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
}

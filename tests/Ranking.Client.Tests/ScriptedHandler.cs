using System.Net;
using System.Text;

namespace Ranking.Client.Tests;

/// <summary>Answers each request with the next scripted response, and keeps what was sent.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] script) : HttpMessageHandler
{
    private int _next;

    public List<(HttpMethod Method, string Path, string? Body)> Sent { get; } = [];

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer(int status, string body, TimeSpan? retryAfter = null) => (_, _) =>
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        }

        return Task.FromResult(response);
    };

    /// <summary>Never answers: the attempt runs until it is cancelled.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang() => async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Add((request.Method, request.RequestUri!.AbsolutePath, request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
        var step = _next < script.Length ? script[_next++] : throw new InvalidOperationException($"request {_next + 1} was not scripted");
        return await step(request, cancellationToken);
    }
}

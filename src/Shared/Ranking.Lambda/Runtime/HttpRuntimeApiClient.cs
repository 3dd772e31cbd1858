using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Ranking.Lambda.Runtime;

/// <summary>The Runtime API over HTTP at <c>http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/</c>.</summary>
internal sealed class HttpRuntimeApiClient : IRuntimeApiClient, IDisposable
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public HttpRuntimeApiClient(string runtimeApi, HttpMessageHandler? handler, TimeProvider time)
    {
        _time = time;
        _http = new HttpClient(handler ?? CreateDefaultHandler(), disposeHandler: handler is null)
        {
            BaseAddress = new Uri("http://" + runtimeApi + "/2018-06-01/runtime/", UriKind.Absolute),
            // next long-polls for as long as no event arrives, and the container may be frozen mid-request between
            // invocations: a client timeout would fire spuriously on thaw. Calls end when the API answers or goes away.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        // The Runtime API is a local endpoint: HTTP_PROXY/HTTPS_PROXY set for the function's own calls must not apply.
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public async Task<NextInvocation> GetNextAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "invocation/next"), "invocation/next", cancellationToken);
        EnsureSuccess(response, "invocation/next");

        var requestId = Header(response, RuntimeHeaders.RequestId)
            ?? throw new RuntimeApiException("invocation/next answered without a " + RuntimeHeaders.RequestId + " header.");
        long? deadlineMs = long.TryParse(Header(response, RuntimeHeaders.DeadlineMs), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new NextInvocation(requestId, payload, deadlineMs, Header(response, RuntimeHeaders.TraceId), Header(response, RuntimeHeaders.FunctionArn));
    }

    public async Task PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        var path = "invocation/" + Uri.EscapeDataString(requestId) + "/response";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) }, path, cancellationToken);
        EnsureSuccess(response, path);
    }

    public Task PostErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorDocumentAsync("invocation/" + Uri.EscapeDataString(requestId) + "/error", error, cancellationToken);

    public Task PostInitErrorAsync(RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorDocumentAsync("init/error", error, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorDocumentAsync(string path, RuntimeError error, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.RuntimeError);
        using var response = await SendAsync(
            () =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = s_json;
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
                // The documented value for errors the runtime caught on the function's behalf.
                request.Headers.TryAddWithoutValidation(RuntimeHeaders.FunctionErrorType, "Unhandled");
                return request;
            },
            path,
            cancellationToken);
        EnsureSuccess(response, path);
    }

    /// <summary>
    /// Sends with retries: 5xx answers and dropped connections are retried with exponential backoff; a refused
    /// connection means nothing listens any more, which is how the environment signals shutdown.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string path, CancellationToken cancellationToken)
    {
        var backoff = s_firstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = createRequest();
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                if ((int)response.StatusCode < 500 || attempt == MaxAttempts)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (HttpRequestException ex) when (IsConnectionRefused(ex))
            {
                throw new RuntimeApiUnavailableException("The Runtime API refused the connection on " + path + ".", ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt == MaxAttempts)
                {
                    throw new RuntimeApiUnavailableException("The Runtime API kept closing the connection on " + path + ".", ex);
                }
            }

            await Task.Delay(backoff, _time, cancellationToken);
            backoff += backoff;
        }
    }

    private static bool IsConnectionRefused(HttpRequestException exception) =>
        exception.HttpRequestError == HttpRequestError.ConnectionError
        && exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static void EnsureSuccess(HttpResponseMessage response, string path)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException(string.Create(CultureInfo.InvariantCulture, $"The Runtime API answered {(int)response.StatusCode} on {path}."));
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

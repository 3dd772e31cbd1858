using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ranking.Client.Model;

namespace Ranking.Client;

/// <summary>
/// A typed client of the Ranking API. Each call has an attempt timeout; rank and health, which change nothing a
/// later call sees, are retried on 429 and 5xx with jittered exponential backoff (honouring Retry-After up to a
/// cap); events, which carry no id to deduplicate them by, are sent once. Errors surface as
/// <see cref="RankingApiException"/> with the API's code and message.
/// </summary>
/// <remarks>Written by hand over a source-generated JSON context (see the README for why); the tests hold its bodies to api/openapi.json.</remarks>
public sealed class RankingClient : IDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RankingClientOptions _options;

    /// <param name="http">Its <see cref="HttpClient.BaseAddress"/> is the API's root (<c>http://127.0.0.1:8080/</c>); the caller keeps it.</param>
    public RankingClient(HttpClient http, RankingClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress: the API's root, e.g. http://127.0.0.1:8080/", nameof(http));
        }

        _http = http;
        _options = options ?? new RankingClientOptions();
    }

    /// <summary>A client with its own <see cref="HttpClient"/>, disposed with it.</summary>
    public RankingClient(Uri baseAddress, RankingClientOptions? options = null)
        : this(new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan }, options) => _ownsHttp = true;

    /// <exception cref="RankingApiException">The API refused the request (4xx), or answered 429/5xx past the retries.</exception>
    /// <exception cref="TimeoutException">An attempt outlived <see cref="RankingClientOptions.AttemptTimeout"/>.</exception>
    public Task<RankResponse> RankAsync(RankRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/rank", Serialize(request, RankingJsonContext.Default.RankRequest), RankingJsonContext.Default.RankResponse, retry: true, cancellationToken);

    /// <summary>Logs events; the answer says by index which were refused. Never retried: resend only what it refused.</summary>
    /// <exception cref="RankingApiException">The API refused the whole batch.</exception>
    /// <exception cref="TimeoutException">The attempt outlived <see cref="RankingClientOptions.AttemptTimeout"/>.</exception>
    public Task<EventsResponse> SendEventsAsync(IReadOnlyList<FeedbackEvent> events, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/events", Serialize(new EventsRequest(events), RankingJsonContext.Default.EventsRequest), RankingJsonContext.Default.EventsResponse, retry: false, cancellationToken);

    /// <exception cref="RankingApiException">The API answered an error past the retries.</exception>
    /// <exception cref="TimeoutException">An attempt outlived <see cref="RankingClientOptions.AttemptTimeout"/>.</exception>
    public Task<Health> HealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v1/health", null, RankingJsonContext.Default.Health, retry: true, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> type, bool retry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _options.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body) { Headers = { ContentType = s_json } };
            }

            try
            {
                using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
                var content = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return JsonSerializer.Deserialize(content, type)
                        ?? throw new RankingApiException(status, "empty_response", $"{method} /{path} answered {status} with no body", null);
                }

                if (!retry || attempt >= _options.MaxRetries || status is not (429 or >= 500))
                {
                    throw Error(status, content);
                }

                await Task.Delay(Delay(attempt, response.Headers.RetryAfter), _options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} /{path} took longer than {_options.AttemptTimeout.TotalMilliseconds:0} ms");
            }
        }
    }

    /// <summary>Full jitter: up to <c>BaseDelay × 2^attempt</c>, at least what Retry-After asks, never over <c>MaxDelay</c>.</summary>
    private TimeSpan Delay(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        var cap = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        var delay = cap * _options.Jitter();
        var asked = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - _options.Time.GetUtcNow() : null);
        if (asked is { } wait)
        {
            delay = Math.Max(delay, wait.TotalMilliseconds);
        }

        return TimeSpan.FromMilliseconds(Math.Clamp(delay, 0, _options.MaxDelay.TotalMilliseconds));
    }

    /// <summary>The API's error (<c>{"error": {code, message, requestId}}</c>), or, for another shape (API Gateway's own 429), the status and the text.</summary>
    private static RankingApiException Error(int status, byte[] content)
    {
        try
        {
            if (JsonSerializer.Deserialize(content, RankingJsonContext.Default.ApiErrorBody)?.Error is { } error)
            {
                return new RankingApiException(status, error.Code, error.Message, error.RequestId);
            }
        }
        catch (JsonException)
        {
            // Not this API's shape: reported by status below.
        }

        var text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 512));
        return new RankingApiException(status, $"http_{status}", text, null);
    }
}

using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary><c>requestContext</c> of an HTTP API request (payload 2.0).</summary>
public sealed class HttpApiRequestContext
{
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("apiId")]
    public string? ApiId { get; init; }

    [JsonPropertyName("domainName")]
    public string? DomainName { get; init; }

    /// <summary>API Gateway's id of the request (also sent back as the <c>apigw-requestid</c> header).</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    [JsonPropertyName("time")]
    public string? Time { get; init; }

    /// <summary>When API Gateway received the request, in Unix epoch milliseconds.</summary>
    [JsonPropertyName("timeEpoch")]
    public long TimeEpoch { get; init; }

    [JsonPropertyName("http")]
    public HttpApiRequestHttp? Http { get; init; }
}

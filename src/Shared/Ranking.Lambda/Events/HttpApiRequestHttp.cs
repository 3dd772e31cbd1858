using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary><c>requestContext.http</c> of an HTTP API request (payload 2.0).</summary>
public sealed class HttpApiRequestHttp
{
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    [JsonPropertyName("sourceIp")]
    public string? SourceIp { get; init; }

    [JsonPropertyName("userAgent")]
    public string? UserAgent { get; init; }
}

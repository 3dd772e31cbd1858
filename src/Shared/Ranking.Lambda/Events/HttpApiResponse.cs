using System.Text;
using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>The answer to an HTTP API request in payload format 2.0 (the explicit form, with a status code).</summary>
public sealed class HttpApiResponse
{
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; init; }

    [JsonPropertyName("headers")]
    public Dictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("cookies")]
    public List<string>? Cookies { get; init; }

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>A JSON answer; <paramref name="utf8Json"/> is carried as text (API Gateway's body is a string).</summary>
    public static HttpApiResponse Json(int statusCode, ReadOnlySpan<byte> utf8Json) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["content-type"] = "application/json" },
        Body = Encoding.UTF8.GetString(utf8Json),
    };
}

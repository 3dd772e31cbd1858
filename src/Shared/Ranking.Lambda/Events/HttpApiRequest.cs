using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>An API Gateway HTTP API request, payload format version 2.0.</summary>
public sealed class HttpApiRequest
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>e.g. <c>POST /v1/rank</c>, or <c>$default</c>.</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    [JsonPropertyName("rawPath")]
    public string? RawPath { get; init; }

    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; init; }

    [JsonPropertyName("cookies")]
    public List<string>? Cookies { get; init; }

    /// <summary>API Gateway lower-cases header names and joins repeated headers with commas; look up with <see cref="GetHeader"/>.</summary>
    [JsonPropertyName("headers")]
    public Dictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("queryStringParameters")]
    public Dictionary<string, string>? QueryStringParameters { get; init; }

    [JsonPropertyName("pathParameters")]
    public Dictionary<string, string>? PathParameters { get; init; }

    [JsonPropertyName("requestContext")]
    public HttpApiRequestContext? RequestContext { get; init; }

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>The HTTP method, from <c>requestContext.http.method</c>.</summary>
    [JsonIgnore]
    public string? Method => RequestContext?.Http?.Method;

    /// <summary>A header value by case-insensitive name, or null.</summary>
    public string? GetHeader(string name)
    {
        if (Headers is null)
        {
            return null;
        }

        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        // Names are documented as lower-case, but a test client or a custom integration may not comply.
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The body as bytes: base64-decoded when <see cref="IsBase64Encoded"/>, UTF-8 otherwise; empty when there is none.
    /// Returns false with a message fit for a 400 answer when the flagged body is not valid base64.
    /// </summary>
    public bool TryDecodeBody(out byte[] body, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(Body))
        {
            body = [];
            return true;
        }

        if (!IsBase64Encoded)
        {
            body = Encoding.UTF8.GetBytes(Body);
            return true;
        }

        var buffer = new byte[Body.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(Body, buffer, out var written))
        {
            body = [];
            error = "The request body is flagged isBase64Encoded but is not valid base64.";
            return false;
        }

        body = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
        return true;
    }
}

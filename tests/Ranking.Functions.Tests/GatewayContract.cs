using System.Text;
using System.Text.Json;
using Ranking.Testing.Contract;

namespace Ranking.Functions.Tests;

/// <summary>
/// Holds the Rank function's API Gateway responses to api/openapi.json: by the route the event names, or, for an
/// event too damaged to route, as an error of the common shape.
/// </summary>
internal static class GatewayContract
{
    public static void Check(ReadOnlySpan<byte> payload, JsonElement response)
    {
        var status = response.GetProperty("statusCode").GetInt32();
        var body = Encoding.UTF8.GetBytes(response.GetProperty("body").GetString()!);
        var mediaType = response.TryGetProperty("headers", out var headers) && headers.TryGetProperty("content-type", out var type)
            ? type.GetString()!.Split(';')[0].Trim()
            : null;
        var route = Route(payload);
        OpenApiContract.Repository.Check(route?.Method, route?.Path, status, mediaType, body);
    }

    private static (string Method, string Path)? Route(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rawPath", out var path) && path.ValueKind == JsonValueKind.String && path.GetString() is ['/', ..] rawPath
                && root.TryGetProperty("requestContext", out var context) && context.ValueKind == JsonValueKind.Object
                && context.TryGetProperty("http", out var http) && http.ValueKind == JsonValueKind.Object
                && http.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String
                ? (method.GetString()!, rawPath)
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string no .NET string can hold (a lone surrogate): an event too damaged to route.
            return null;
        }
    }
}

using System.Text.Json;

namespace Ranking.Testing.Fuzz;

/// <summary>The documented answer shape: a 2xx body is JSON, a 4xx/5xx body is <c>{"error":{"code","message","requestId"}}</c>.</summary>
public static class ErrorShape
{
    /// <returns>Null when <paramref name="body"/> is a well-formed answer for <paramref name="status"/>; else what is wrong.</returns>
    public static string? Problem(int status, ReadOnlySpan<byte> body)
    {
        if (status >= 500)
        {
            return $"status {status}";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            return $"status {status} with a body that is not JSON: {e.Message}";
        }

        using (document)
        {
            if (status < 400)
            {
                return document.RootElement.ValueKind == JsonValueKind.Object ? null : $"status {status} with a body that is not an object";
            }

            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && IsText(error, "code") && IsText(error, "message") && IsText(error, "requestId")
                ? null
                : $"status {status} without the error shape: {document.RootElement.GetRawText()}";
        }
    }

    private static bool IsText(JsonElement error, string name) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;
}

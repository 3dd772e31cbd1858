using System.Text.Json;

namespace Ranking.Testing.RuntimeApi;

/// <summary>Reads <c>errorType</c> and <c>errorMessage</c> from a posted error body, tolerating bodies that are not JSON.</summary>
internal static class ErrorDocument
{
    public static (string? Type, string? Message) Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            return (StringMember(root, "errorType"), StringMember(root, "errorMessage"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? StringMember(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

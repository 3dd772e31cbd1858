using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ranking.Stores.Feeds;

/// <summary>The feed re-rank message body (DESIGN.md, "Feed re-rank message"): <c>{"userId":..,"surface":..}</c>.</summary>
public static class RerankMessageBody
{
    public static string Build(string userId, string surface)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(surface);
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("userId", userId);
            writer.WriteString("surface", surface);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

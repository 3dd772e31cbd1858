using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Handlers.Http;
using Ranking.Handlers.Rank;

namespace Ranking.Handlers.Feeds;

/// <summary>
/// A re-rank request: <c>{"userId":"u_1","surface":"feed"}</c>, optionally with <c>candidates</c> (same shape as
/// in a rank request) that replace the stored ones.
/// </summary>
public sealed record FeedRerankMessage
{
    public required string UserId { get; init; }
    public required string Surface { get; init; }
    public Candidate[]? Candidates { get; init; }

    /// <summary>
    /// The queue's id of the message, the same on every delivery (SQS's messageId): the re-rank's impression id is
    /// made from it, so a retried message logs the same impression, which the dataset builder dedupes.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>When the message was sent: the as-of time of the ranking's time features, so a retry ranks as the first try did.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Parses a message body; <paramref name="error"/> names what is wrong.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, int maxCandidates, [NotNullWhen(true)] out FeedRerankMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (!JsonInput.TryParse(body, default, out var document, out var unreadable))
        {
            error = "message " + unreadable.Message;
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "message body must be a JSON object";
                return false;
            }

            if (!TryGetString(root, "userId", out var userId) || userId.Length > RankRequestReader.MaxIdLength)
            {
                error = $"userId must be a non-empty string of at most {RankRequestReader.MaxIdLength} characters";
                return false;
            }

            if (!TryGetString(root, "surface", out var surface) || !RankRequestReader.IsSurfaceName(surface))
            {
                error = RankRequestReader.SurfaceNameRule;
                return false;
            }

            Candidate[]? candidates = null;
            if (root.TryGetProperty("candidates", out var given) && given.ValueKind != JsonValueKind.Null)
            {
                if (!RankRequestReader.TryReadCandidates(root, maxCandidates, out candidates, out var invalid))
                {
                    error = invalid.Message;
                    return false;
                }
            }

            message = new FeedRerankMessage { UserId = userId, Surface = surface, Candidates = candidates };
            error = null;
            return true;
        }
    }

    private static bool TryGetString(JsonElement root, string name, out string value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return value.Length > 0;
    }
}

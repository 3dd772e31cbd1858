using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Core.Rules;
using Ranking.Handlers.Http;

namespace Ranking.Handlers.Rank;

/// <summary>
/// Parses and validates a rank request body against the contract in DESIGN.md. Every rejection names the
/// field (<c>candidates[3].itemId</c>) so the caller can fix it without reading our code.
/// </summary>
public static class RankRequestReader
{
    public const int MaxQueryLength = 512;
    public const int MaxContextEntries = 32;
    public const int MaxIdLength = 128;
    public const int MaxSurfaceLength = 32;
    public const int MaxPins = 50;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16 };

    /// <summary>A misspelt option (<c>"limt"</c>) must not pass silently, so anything else is rejected by name.</summary>
    private static readonly string[] s_fields = ["surface", "userId", "query", "context", "candidates", "limit", "explain", "time", "sessionId", "exclude", "pins"];

    internal static bool TryRead(ReadOnlyMemory<byte> body, int maxCandidates, [NotNullWhen(true)] out RankRequest? request, [NotNullWhen(false)] out ApiError? error)
    {
        request = null;
        if (!JsonInput.TryParse(body, s_options, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            try
            {
                request = Read(document.RootElement, maxCandidates);
                error = null;
                return true;
            }
            catch (RequestRejectedException e)
            {
                error = e.Error;
                return false;
            }
        }
    }

    /// <summary>Reads and validates the <c>candidates</c> property of <paramref name="root"/> by the rank request's rules.</summary>
    public static bool TryReadCandidates(JsonElement root, int maxCandidates, [NotNullWhen(true)] out Candidate[]? candidates, [NotNullWhen(false)] out ApiError? error)
    {
        try
        {
            candidates = ReadCandidates(root, maxCandidates);
            error = null;
            return true;
        }
        catch (RequestRejectedException e)
        {
            candidates = null;
            error = e.Error;
            return false;
        }
    }

    private static RankRequest Read(JsonElement root, int maxCandidates)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("request body must be a JSON object");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!s_fields.Contains(property.Name))
            {
                throw Invalid($"unknown field '{property.Name}' (fields: {string.Join(", ", s_fields)})");
            }
        }

        var surface = root.TryGetProperty("surface", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Invalid("surface is required and must be a string");
        if (!IsSurfaceName(surface))
        {
            throw Invalid(SurfaceNameRule);
        }

        var candidates = ReadCandidates(root, maxCandidates);
        var exclude = ReadExclude(root, maxCandidates);
        return new RankRequest
        {
            Surface = surface,
            UserId = OptionalString(root, "userId", MaxIdLength, allowEmpty: false),
            SessionId = OptionalString(root, "sessionId", MaxIdLength, allowEmpty: false),
            Query = OptionalString(root, "query", MaxQueryLength, allowEmpty: true),
            Context = ReadContext(root),
            Candidates = candidates,
            Limit = ReadLimit(root),
            Explain = ReadExplain(root),
            Time = ReadTime(root),
            Exclude = exclude,
            Pins = ReadPins(root, candidates, exclude),
        };
    }

    /// <summary>What a surface name that fails <see cref="IsSurfaceName"/> is told, wherever it came from.</summary>
    public static readonly string SurfaceNameRule = $"surface must match [a-z0-9_-]{{1,{MaxSurfaceLength}}}";

    public static bool IsSurfaceName(string surface)
    {
        if (surface.Length is 0 or > MaxSurfaceLength)
        {
            return false;
        }

        foreach (var c in surface)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? OptionalString(JsonElement root, string name, int maxLength, bool allowEmpty)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{name} must be a string");
        }

        var text = value.GetString()!;
        if (!allowEmpty && text.Length == 0)
        {
            throw Invalid($"{name} must not be empty");
        }

        return text.Length <= maxLength ? text : throw Invalid($"{name} must be at most {maxLength} characters");
    }

    private static Dictionary<string, ContextValue>? ReadContext(JsonElement root)
    {
        if (!root.TryGetProperty("context", out var context) || context.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (context.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("context must be an object");
        }

        var values = new Dictionary<string, ContextValue>(StringComparer.Ordinal);
        foreach (var entry in context.EnumerateObject())
        {
            if (values.Count == MaxContextEntries)
            {
                throw Invalid($"context must have at most {MaxContextEntries} entries");
            }

            values[entry.Name] = entry.Value.ValueKind switch
            {
                JsonValueKind.String => ContextValue.Of(entry.Value.GetString()!),
                JsonValueKind.Number => ContextValue.Of(FiniteNumber(entry.Value, $"context.{entry.Name}")),
                _ => throw Invalid($"context.{entry.Name} must be a string or a finite number"),
            };
        }

        return values;
    }

    private static Candidate[] ReadCandidates(JsonElement root, int maxCandidates)
    {
        if (!root.TryGetProperty("candidates", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("candidates is required and must be an array");
        }

        var count = list.GetArrayLength();
        if (count == 0)
        {
            throw Invalid("candidates must not be empty");
        }

        if (count > maxCandidates)
        {
            throw new RequestRejectedException(ApiError.TooManyCandidates($"candidates has {count} entries, at most {maxCandidates} are allowed"));
        }

        var candidates = new Candidate[count];
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            candidates[i] = ReadCandidate(element, i);
            i++;
        }

        return candidates;
    }

    private static Candidate ReadCandidate(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"candidates[{index}] must be an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("itemId" or "features"))
            {
                throw Invalid($"candidates[{index}]: unknown field '{property.Name}' (fields: itemId, features)");
            }
        }

        var itemId = ItemId(element.TryGetProperty("itemId", out var id) ? id : default, $"candidates[{index}].itemId");

        if (!element.TryGetProperty("features", out var features) || features.ValueKind == JsonValueKind.Null)
        {
            return new Candidate(itemId);
        }

        if (features.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"candidates[{index}].features must be an object of numbers");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var feature in features.EnumerateObject())
        {
            var field = $"candidates[{index}].features.{feature.Name}";
            values[feature.Name] = feature.Value.ValueKind == JsonValueKind.Number
                ? FiniteNumber(feature.Value, field)
                : throw Invalid($"{field} must be a finite number");
        }

        return new Candidate(itemId, values);
    }

    private static HashSet<string>? ReadExclude(JsonElement root, int maxCandidates)
    {
        if (!root.TryGetProperty("exclude", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("exclude must be an array of item ids");
        }

        if (list.GetArrayLength() > maxCandidates)
        {
            throw Invalid($"exclude has {list.GetArrayLength()} entries, at most {maxCandidates} are allowed");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var id in list.EnumerateArray())
        {
            ids.Add(ItemId(id, $"exclude[{i++}]"));
        }

        return ids;
    }

    /// <summary>
    /// <c>pins: [{itemId, position}]</c>: each a candidate, not excluded, pinned once, to a position of its own. A pin
    /// the caller cannot have meant (an id it did not send) is an error rather than a silent no-op.
    /// </summary>
    private static Pin[]? ReadPins(JsonElement root, Candidate[] candidates, HashSet<string>? exclude)
    {
        if (!root.TryGetProperty("pins", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("pins must be an array of {itemId, position}");
        }

        if (list.GetArrayLength() > MaxPins)
        {
            throw Invalid($"pins has {list.GetArrayLength()} entries, at most {MaxPins} are allowed");
        }

        var pins = new Pin[list.GetArrayLength()];
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var field = $"pins[{i}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"{field} must be an object with itemId and position");
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is not ("itemId" or "position"))
                {
                    throw Invalid($"{field}: unknown field '{property.Name}' (fields: itemId, position)");
                }
            }

            var itemId = ItemId(element.TryGetProperty("itemId", out var id) ? id : default, $"{field}.itemId");
            if (!element.TryGetProperty("position", out var position) || position.ValueKind != JsonValueKind.Number
                || !position.TryGetInt32(out var at) || at < 1 || at > candidates.Length)
            {
                throw Invalid($"{field}.position must be an integer from 1 to the number of candidates ({candidates.Length})");
            }

            if (!Array.Exists(candidates, c => c.ItemId == itemId))
            {
                throw Invalid($"{field}.itemId '{itemId}' is not among the candidates");
            }

            if (exclude?.Contains(itemId) == true)
            {
                throw Invalid($"{field}.itemId '{itemId}' is also excluded");
            }

            for (var j = 0; j < i; j++)
            {
                if (pins[j].ItemId == itemId || pins[j].Position == at)
                {
                    throw Invalid(pins[j].ItemId == itemId ? $"{field}.itemId '{itemId}' is pinned twice" : $"{field}.position {at} is pinned twice");
                }
            }

            pins[i++] = new Pin(itemId, at);
        }

        return pins;
    }

    private static string ItemId(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } id)
        {
            throw Invalid($"{field} must be a non-empty string");
        }

        return id.Length <= MaxIdLength ? id : throw Invalid($"{field} must be at most {MaxIdLength} characters");
    }

    private static int? ReadLimit(JsonElement root)
    {
        if (!root.TryGetProperty("limit", out var limit) || limit.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return limit.ValueKind == JsonValueKind.Number && limit.TryGetInt32(out var value) && value >= 1
            ? value
            : throw Invalid("limit must be an integer >= 1");
    }

    private static bool ReadExplain(JsonElement root)
    {
        if (!root.TryGetProperty("explain", out var explain) || explain.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return explain.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid("explain must be true or false"),
        };
    }

    /// <summary>
    /// The as-of time of every time feature. An offset is required: a bare local time would mean the server's zone,
    /// and a replayed impression must score as it did wherever it is replayed.
    /// </summary>
    private static DateTimeOffset? ReadTime(JsonElement root)
    {
        if (!root.TryGetProperty("time", out var time) || time.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return time.ValueKind == JsonValueKind.String && time.TryGetDateTime(out var parsed) && parsed.Kind != DateTimeKind.Unspecified
            && time.TryGetDateTimeOffset(out var asOf)
            ? asOf.ToUniversalTime()
            : throw Invalid("time must be an ISO 8601 date-time with an offset, e.g. 2026-12-02T10:00:00Z");
    }

    /// <summary>JSON has no NaN or Infinity literals, but 1e999 parses to infinity: reject it like the contract says.</summary>
    private static double FiniteNumber(JsonElement value, string field) =>
        value.TryGetDouble(out var number) && double.IsFinite(number) ? number : throw Invalid($"{field} must be a finite number");

    private static RequestRejectedException Invalid(string message) => new(ApiError.InvalidRequest(message));

    private sealed class RequestRejectedException(ApiError error) : Exception(error.Message)
    {
        public ApiError Error { get; } = error;
    }
}

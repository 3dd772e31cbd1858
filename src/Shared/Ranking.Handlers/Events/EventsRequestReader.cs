using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ranking.Handlers.Http;
using Ranking.Handlers.Rank;

namespace Ranking.Handlers.Events;

/// <summary>
/// Parses <c>POST /v1/events</c>. Problems of the whole body (not JSON, not an object, no or too many events) refuse
/// the request; a bad event is refused alone, by index and field, so one app bug never costs the good events of a batch.
/// </summary>
public static class EventsRequestReader
{
    public const int MaxEvents = 500;

    public const string InvalidEvent = "invalid_event";

    /// <summary>The types of DESIGN.md, in the order error messages list them.</summary>
    public static readonly string[] Types = ["view", "click", "like", "add_to_cart", "purchase"];

    /// <summary>
    /// Clocks on phones drift; an event stamped more than this ahead of the server is a wrong clock, and attributing
    /// it would put it after any impression.
    /// </summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromHours(24);

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 8 };
    private static readonly string[] s_eventFields = ["type", "impressionId", "itemId", "userId", "time", "value"];

    public static bool TryRead(
        ReadOnlyMemory<byte> body,
        DateTimeOffset now,
        [NotNullWhen(true)] out List<(int Index, FeedbackEvent Event)>? accepted,
        [NotNullWhen(true)] out List<RejectedEvent>? rejected,
        [NotNullWhen(false)] out ApiError? error)
    {
        accepted = null;
        rejected = null;
        if (!JsonInput.TryParse(body, s_options, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            error = Check(root);
            if (error is not null)
            {
                return false;
            }

            accepted = [];
            rejected = [];
            var index = 0;
            foreach (var element in root.GetProperty("events").EnumerateArray())
            {
                if (ReadEvent(element, index, now, out var problem) is { } read)
                {
                    accepted.Add((index, read));
                }
                else
                {
                    rejected.Add(new RejectedEvent(index, InvalidEvent, problem!));
                }

                index++;
            }

            return true;
        }
    }

    private static ApiError? Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ApiError.InvalidRequest("request body must be a JSON object");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "events")
            {
                return ApiError.InvalidRequest($"unknown field '{property.Name}' (fields: events)");
            }
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return ApiError.InvalidRequest("events is required and must be an array");
        }

        var count = events.GetArrayLength();
        return count switch
        {
            0 => ApiError.InvalidRequest("events must not be empty"),
            > MaxEvents => ApiError.TooManyEvents($"events has {count} entries, at most {MaxEvents} are allowed"),
            _ => null,
        };
    }

    private static FeedbackEvent? ReadEvent(JsonElement element, int index, DateTimeOffset now, out string? problem)
    {
        var at = $"events[{index}]";
        problem = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = $"{at} must be an object";
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!s_eventFields.Contains(property.Name))
            {
                problem = $"{at} has an unknown field '{property.Name}' (fields: {string.Join(", ", s_eventFields)})";
                return null;
            }
        }

        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            problem = $"{at}.type is required and must be one of {string.Join(", ", Types)}";
            return null;
        }

        var type = typeElement.GetString()!;
        var known = Array.IndexOf(Types, type);
        if (known < 0)
        {
            problem = $"{at}.type '{type}' is not one of {string.Join(", ", Types)}";
            return null;
        }

        if (Id(element, "itemId", at, required: true, ref problem) is not { } itemId)
        {
            return null;
        }

        var impressionId = Id(element, "impressionId", at, required: false, ref problem);
        var userId = Id(element, "userId", at, required: false, ref problem);
        if (problem is not null)
        {
            return null;
        }

        if (!element.TryGetProperty("time", out var timeElement) || timeElement.ValueKind != JsonValueKind.String
            || !timeElement.TryGetDateTime(out var parsed) || parsed.Kind == DateTimeKind.Unspecified
            || !timeElement.TryGetDateTimeOffset(out var time))
        {
            problem = $"{at}.time is required and must be an ISO 8601 date-time with an offset, e.g. 2026-12-02T10:00:05Z";
            return null;
        }

        if (time - now > MaxClockAhead)
        {
            problem = $"{at}.time {timeElement.GetString()} is more than {MaxClockAhead.TotalHours:0} hours ahead of the server's clock";
            return null;
        }

        double? value = null;
        if (element.TryGetProperty("value", out var valueElement) && valueElement.ValueKind != JsonValueKind.Null)
        {
            if (valueElement.ValueKind != JsonValueKind.Number || !valueElement.TryGetDouble(out var number) || !double.IsFinite(number) || number < 0)
            {
                problem = $"{at}.value must be a finite number >= 0 (a purchase's price)";
                return null;
            }

            value = number;
        }

        return new FeedbackEvent(Types[known], impressionId, itemId, userId, time.ToUniversalTime(), value);
    }

    /// <summary>An id as the rank request takes one: a non-empty string of at most <see cref="RankRequestReader.MaxIdLength"/> characters.</summary>
    private static string? Id(JsonElement element, string name, string at, bool required, ref string? problem)
    {
        if (problem is not null)
        {
            return null;
        }

        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problem = $"{at}.{name} is required and must be a non-empty string";
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } id)
        {
            problem = $"{at}.{name} must be a non-empty string";
            return null;
        }

        if (id.Length > RankRequestReader.MaxIdLength)
        {
            problem = $"{at}.{name} must be at most {RankRequestReader.MaxIdLength} characters";
            return null;
        }

        return id;
    }
}

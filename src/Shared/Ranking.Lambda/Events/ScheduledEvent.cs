using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>The event an EventBridge schedule rule sends (<c>detail-type</c> "Scheduled Event", <c>source</c> "aws.events").</summary>
public sealed class ScheduledEvent
{
    public const string ScheduledEventDetailType = "Scheduled Event";
    public const string EventsSource = "aws.events";

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("account")]
    public string? Account { get; init; }

    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    [JsonPropertyName("region")]
    public string? Region { get; init; }

    /// <summary>The ARN of the rule that fired.</summary>
    [JsonPropertyName("resources")]
    public List<string>? Resources { get; init; }

    /// <summary>Empty (<c>{}</c>) for schedules; kept as raw JSON for rules that pass a constant input.</summary>
    [JsonPropertyName("detail")]
    public JsonElement? Detail { get; init; }
}

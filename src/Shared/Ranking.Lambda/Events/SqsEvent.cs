using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>The batch of messages an SQS event source mapping hands to a function.</summary>
public sealed class SqsEvent
{
    // The source generator assigns init-only members even when absent from the JSON (as null): keep the list non-null.
    [JsonPropertyName("Records")]
    public List<SqsMessage> Records { get; init => field = value ?? []; } = [];
}

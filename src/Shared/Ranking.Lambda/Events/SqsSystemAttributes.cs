using System.Globalization;
using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary><c>attributes</c> of an SQS record. SQS sends every value as a string, numbers included.</summary>
public sealed class SqsSystemAttributes
{
    [JsonPropertyName("ApproximateReceiveCount")]
    public string? ApproximateReceiveCount { get; init; }

    /// <summary>Epoch milliseconds, as a string.</summary>
    [JsonPropertyName("SentTimestamp")]
    public string? SentTimestamp { get; init; }

    [JsonPropertyName("SenderId")]
    public string? SenderId { get; init; }

    [JsonPropertyName("ApproximateFirstReceiveTimestamp")]
    public string? ApproximateFirstReceiveTimestamp { get; init; }

    [JsonPropertyName("AWSTraceHeader")]
    public string? AwsTraceHeader { get; init; }

    [JsonPropertyName("MessageGroupId")]
    public string? MessageGroupId { get; init; }

    [JsonPropertyName("MessageDeduplicationId")]
    public string? MessageDeduplicationId { get; init; }

    [JsonPropertyName("SequenceNumber")]
    public string? SequenceNumber { get; init; }

    /// <summary>How many times the message was received (1 on first delivery), or null when absent or malformed.</summary>
    [JsonIgnore]
    public int? ReceiveCount =>
        int.TryParse(ApproximateReceiveCount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    [JsonIgnore]
    public DateTimeOffset? SentAt =>
        long.TryParse(SentTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}

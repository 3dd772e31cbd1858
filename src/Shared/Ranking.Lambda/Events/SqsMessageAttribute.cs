using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>A user-defined message attribute as the SQS event delivers it (camelCase, unlike the SQS API).</summary>
public sealed class SqsMessageAttribute
{
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; init; }

    /// <summary>Base64 text.</summary>
    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")]
    public List<string>? StringListValues { get; init; }

    [JsonPropertyName("binaryListValues")]
    public List<string>? BinaryListValues { get; init; }

    /// <summary><c>String</c>, <c>Number</c>, <c>Binary</c>, optionally with a custom suffix (<c>Number.int</c>).</summary>
    [JsonPropertyName("dataType")]
    public string? DataType { get; init; }
}

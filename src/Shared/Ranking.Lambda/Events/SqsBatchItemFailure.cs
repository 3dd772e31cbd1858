using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>One failed message of a batch, named by its <see cref="SqsMessage.MessageId"/>.</summary>
public sealed class SqsBatchItemFailure
{
    [JsonPropertyName("itemIdentifier")]
    public required string ItemIdentifier { get; init; }
}

using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>
/// A partial batch failure answer (the event source mapping needs <c>ReportBatchItemFailures</c>): only the listed
/// messages return to the queue; an empty list means the whole batch succeeded.
/// </summary>
public sealed class SqsBatchResponse
{
    // The source generator assigns init-only members even when absent from the JSON (as null): keep the list non-null.
    [JsonPropertyName("batchItemFailures")]
    public List<SqsBatchItemFailure> BatchItemFailures { get; init => field = value ?? []; } = [];
}

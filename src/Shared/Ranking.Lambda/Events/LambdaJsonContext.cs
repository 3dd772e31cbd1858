using System.Text.Json.Serialization;

namespace Ranking.Lambda.Events;

/// <summary>Source-generated JSON (AOT-safe) for the event contracts. Member names are the documented ones, spelled per type.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(ScheduledEvent))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;

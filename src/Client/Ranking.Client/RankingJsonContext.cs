using System.Text.Json.Serialization;
using Ranking.Client.Model;

namespace Ranking.Client;

/// <summary>Every body the client writes or reads, generated at build: no reflection, so callers can publish with AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(RankRequest))]
[JsonSerializable(typeof(RankResponse))]
[JsonSerializable(typeof(EventsRequest))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(ApiErrorBody))]
// Context values are typed object: the runtime types a caller may put there.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
internal sealed partial class RankingJsonContext : JsonSerializerContext;

using System.Text.Json;

namespace Ranking.ColdStart;

/// <summary>
/// A function to measure and the event of its first invocation. <see cref="Check"/> returns what is wrong with a
/// response, or null: a handled failure (a 500, a failed batch item) is not an invocation error to the Runtime API,
/// but timing it would still not be timing the real first request.
/// </summary>
internal sealed record FunctionCase(string Project, string Name, byte[] Payload, Func<JsonElement, string?> Check);

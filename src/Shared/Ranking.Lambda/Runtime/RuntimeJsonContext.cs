using System.Text.Json.Serialization;

namespace Ranking.Lambda.Runtime;

/// <summary>Source-generated JSON for the Runtime API's own documents (AOT-safe).</summary>
[JsonSerializable(typeof(RuntimeError))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;

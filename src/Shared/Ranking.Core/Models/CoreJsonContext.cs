using System.Text.Json.Serialization;

namespace Ranking.Core.Models;

/// <summary>Source-generated JSON for manifests (AOT-safe). Manifests are camelCase, written indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(Experiments.Experiment))]
public sealed partial class CoreJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Nodes;
using Ranking.Core.Models;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Models;

/// <summary>The committed sample manifest (samples/models/feed-ltr/1) with its optional parts taken out.</summary>
public sealed class ModelManifestTests
{
    private static readonly string s_manifest = File.ReadAllText(Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1", ModelManifest.FileName));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Deserialize_WithoutOptionalParts_GivesTheirDefaults(bool asExplicitNulls)
    {
        var json = JsonNode.Parse(s_manifest)!.AsObject();
        foreach (var name in new[] { "objective", "training", "metrics", "baselineMetrics", "holdout", "trainerModel" })
        {
            Remove(json, name, asExplicitNulls);
        }

        Remove(json["onnx"]!.AsObject(), "file", asExplicitNulls);

        var manifest = JsonSerializer.Deserialize(json.ToJsonString(), CoreJsonContext.Default.ModelManifest)!;

        Assert.Equal(ModelManifest.DefaultObjective, manifest.Objective);
        Assert.Empty(manifest.Metrics);
        Assert.Null(manifest.BaselineMetrics);
        Assert.Null(manifest.Training);
        Assert.Null(manifest.Holdout);
        Assert.Null(manifest.TrainerModel);
        Assert.Equal(OnnxInfo.DefaultFile, manifest.Onnx.File);
    }

    [Fact]
    public void Deserialize_TrainingWithoutFormat_GivesAnEmptyFormat()
    {
        var json = JsonNode.Parse(s_manifest)!.AsObject();
        json["training"] = new JsonObject { ["trees"] = 3 };

        var manifest = JsonSerializer.Deserialize(json.ToJsonString(), CoreJsonContext.Default.ModelManifest)!;

        Assert.Equal("", manifest.Training!.Format);
        Assert.Equal(3, manifest.Training.Trees);
    }

    private static void Remove(JsonObject json, string name, bool asExplicitNull)
    {
        if (asExplicitNull)
        {
            json[name] = null;
        }
        else
        {
            json.Remove(name);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Ranking.Core.Models;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Models;

/// <summary>The committed sample manifest (samples/models/feed-ltr/1), complete and with one required part broken.</summary>
public sealed class ManifestRequirementsTests
{
    private static readonly string s_manifest = File.ReadAllText(Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1", ModelManifest.FileName));

    [Fact]
    public void Problem_OfTheSampleManifest_IsNone() => Assert.Null(ManifestRequirements.Problem(Manifest(_ => { })));

    [Theory]
    [InlineData("version", "a name and a version")]
    [InlineData("features", "features")]
    [InlineData("features[0]", "features[0]")]
    [InlineData("onnx", "onnx input and output")]
    [InlineData("onnx.output", "onnx input and output")]
    [InlineData("onnx.sha256", "onnx.sha256")]
    public void Problem_WithARequiredPartNull_NamesIt(string part, string named)
    {
        var manifest = Manifest(json =>
        {
            switch (part)
            {
                case "features[0]": json["features"]![0] = null; break;
                case "onnx.output": json["onnx"]!["output"] = null; break;
                case "onnx.sha256": json["onnx"]!["sha256"] = "g".PadRight(64, '0'); break;
                default: json[part] = null; break;
            }
        });

        Assert.Contains(named, ManifestRequirements.Problem(manifest), StringComparison.Ordinal);
    }

    private static ModelManifest Manifest(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(s_manifest)!.AsObject();
        edit(json);
        return JsonSerializer.Deserialize(json.ToJsonString(), CoreJsonContext.Default.ModelManifest)!;
    }
}

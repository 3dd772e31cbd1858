using System.Text.Json;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Testing.Loopback;
using Ranking.Training.Features;

namespace Ranking.Training.Tests.Features;

public sealed class FeatureFileTests
{
    private static readonly string s_samples = Path.Combine(RepoRoot.Find(), "samples");

    [Theory]
    [InlineData("feed")]
    [InlineData("search")]
    public void Read_DefaultFile_HoldsTheShippedModelsFeaturesInOrder(string surface)
    {
        // The shipped models were trained from the lists these files replace; their manifests record those lists.
        var manifest = JsonSerializer.Deserialize(
            File.ReadAllText(Path.Combine(s_samples, "models", $"{surface}-ltr", "1", ModelManifest.FileName)), CoreJsonContext.Default.ModelManifest)!;

        var features = FeatureFile.Read(Path.Combine(s_samples, "features", $"{surface}.json"));

        Assert.Equal(Json(manifest.Features), Json(features));
    }

    [Fact]
    public void Read_AModelsManifest_GivesItsFeatures()
    {
        var path = Path.Combine(s_samples, "models", "search-ltr", "1", ModelManifest.FileName);

        var features = FeatureFile.Read(path);

        Assert.Equal(15, features.Count);
        Assert.Equal("text_match", features[14].Name);
        Assert.Equal(FeatureSource.TextMatch, features[14].Source);
        Assert.Equal(4.5, features[3].Default);
    }

    [Theory]
    [InlineData("{", "f.json: not JSON: ")]
    [InlineData("[]", "f.json: expected an object with a \"features\" array, as in a model manifest.")]
    [InlineData("""{"features": []}""", "f.json: \"features\" is empty: a model needs at least one feature.")]
    [InlineData("""{"features": [{"source": "item", "field": "price", "default": 0}]}""", "f.json: features[0] needs a \"name\" (a non-empty string).")]
    [InlineData("""{"features": [{"name": "a", "field": "price", "default": 0}]}""", "f.json: features[0] ('a') needs a \"source\" (a string).")]
    [InlineData("""{"features": [{"name": "a", "source": "bogus", "default": 0}]}""", "f.json: features[0] ('a'): source 'bogus' is unknown (expected one of candidate, item, user, context, item_age, affinity, text_match, one_hot).")]
    [InlineData("""{"features": [{"name": "a", "source": "item", "field": "price"}]}""", "f.json: features[0] ('a') needs a \"default\" (a number): the value used when its source has none.")]
    [InlineData("""{"features": [{"name": "a", "source": "item", "field": "price", "default": "0"}]}""", "f.json: features[0] ('a') needs a \"default\" (a number)")]
    [InlineData("""{"features": [{"name": "a", "source": "item", "field": "price", "default": 1e999}]}""", "f.json: features[0] ('a'): default 1e999 is not a finite number.")]
    [InlineData("""{"features": [{"name": "a", "source": "item_age", "default": 0}, {"name": "a", "source": "text_match", "default": 0}]}""", "f.json: features[1].name 'a' appears twice.")]
    [InlineData("""{"features": [{"name": "a", "source": "affinity", "field": "colour", "default": 0}]}""", "f.json: features[0] ('a'): affinity field must be brand, category or size, not 'colour'.")]
    [InlineData("""{"features": [{"name": "a", "source": "item", "default": 0, "transform": "sqrt"}]}""", "f.json: features[0] ('a'): transform 'sqrt' is unknown (supported: log1p).")]
    public void Parse_BadList_FailsNamingTheFeatureAndTheProblem(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => FeatureFile.Parse(json, "f.json"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_FailsNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "f.json");

        var error = Assert.Throws<InvalidDataException>(() => FeatureFile.Read(path));

        Assert.StartsWith($"{path}: cannot read the feature file: ", error.Message, StringComparison.Ordinal);
    }

    private static string Json(IReadOnlyList<FeatureSpec> features) =>
        JsonSerializer.Serialize(new ModelManifest { Name = "n", Version = "1", Features = features, Onnx = new OnnxInfo { Input = "i", Output = "o", Sha256 = "" } }, CoreJsonContext.Default.ModelManifest);
}

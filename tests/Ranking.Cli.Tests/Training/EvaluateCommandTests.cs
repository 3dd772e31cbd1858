using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Core.Evaluation;

namespace Ranking.Cli.Tests.Training;

/// <summary><c>ranking evaluate</c> with the committed search-ltr package (15 features) on small labelled files, their columns named by its feature file.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string s_model = Path.Combine(RepoPaths.Models, "search-ltr", "1");
    private static readonly string s_searchFeatures = Path.Combine(RepoPaths.Features, "search.json");
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-evaluate-").FullName;
    private readonly TestCli _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Evaluate_SamplePackage_PrintsAMetricsTable()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 3, rowsPerQuery: 5, features: 15);

        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", s_searchFeatures);

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        Assert.Contains("3 queries", _cli.Output, StringComparison.Ordinal);
        foreach (var metric in new[] { "NDCG@1", "NDCG@3", "NDCG@5", "NDCG@10", "MAP", "MRR" })
        {
            Assert.Matches($@"│ {metric} +│ +[01]\.\d{{4}} │", _cli.Output);
        }
    }

    [Fact]
    public async Task Evaluate_WithJson_PrintsOneObjectAgreeingWithTheTable()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 3, rowsPerQuery: 5, features: 15);
        using var table = new TestCli();
        Assert.Equal(0, await table.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", s_searchFeatures));

        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", s_searchFeatures, "--json");

        Assert.Equal(0, exit);
        Assert.Single(_cli.Output.TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.Equal(3, json.RootElement.GetProperty("queries").GetInt32());
        var ndcg10 = json.RootElement.GetProperty("ndcg@10").GetDouble();
        Assert.InRange(ndcg10, 0, 1);
        Assert.Matches($@"│ NDCG@10 +│ +{ndcg10:F4} │", table.Output);
    }

    [Fact]
    public async Task Evaluate_WithScores_WritesEveryRowsScore_FromWhichTheMetricsFollow()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 4, rowsPerQuery: 6, features: 15);
        var scores = Path.Combine(_directory, "scores.csv");

        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", s_searchFeatures, "--json", "--scores", scores);

        Assert.Equal(0, exit);
        var lines = File.ReadAllLines(scores);
        Assert.Equal("query,row,label,score", lines[0]);
        Assert.Equal(1 + 24, lines.Length);
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToArray();
        Assert.Equal(Enumerable.Range(1, 4).SelectMany(q => Enumerable.Repeat(q.ToString(CultureInfo.InvariantCulture), 6)), rows.Select(r => r[0]));
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(_ => Enumerable.Range(0, 6).Select(i => i.ToString(CultureInfo.InvariantCulture))), rows.Select(r => r[1]));
        // Recomputed from the file alone, the metrics are the ones the command printed.
        var labels = rows.Select(r => float.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        var fromFile = RankingEvaluator.Evaluate(labels, rows.Select(r => float.Parse(r[3], CultureInfo.InvariantCulture)).ToArray(), [6, 6, 6, 6]);
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.True(rows.Select(r => r[3]).Distinct().Count() > 1, "a model that scores every row alike checks nothing");
        foreach (var key in RankingMetrics.Keys)
        {
            Assert.Equal(json.RootElement.GetProperty(key).GetDouble(), fromFile[key]);
        }
    }

    [Fact]
    public async Task Evaluate_WithScoresInAMissingFolder_FailsNamingIt()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 2, rowsPerQuery: 3, features: 15);
        var scores = Path.Combine(_directory, "no-such-folder", "scores.csv");

        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", s_searchFeatures, "--scores", scores);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Contains(Path.Combine(_directory, "no-such-folder"), _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FeatureIdsBeyondTheModels_NotesTheIgnoredValues()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 2, rowsPerQuery: 3, features: 15, extraFeatureId: 16);

        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", s_searchFeatures);

        Assert.Equal(0, exit);
        Assert.Equal("note: 6 values have feature ids above the model's 15 features and were ignored\n", _cli.Error);
    }

    [Fact]
    public async Task Evaluate_MissingDataFile_FailsNamingIt()
    {
        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", Path.Combine(_directory, "absent.txt"), "--features", s_searchFeatures);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: absent.txt: cannot read:", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Evaluate_FolderWithoutPackage_FailsNamingTheManifest()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 1, rowsPerQuery: 2, features: 15);

        var exit = await _cli.RunAsync("evaluate", "--model", _directory, "--data", data, "--features", s_searchFeatures);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains($"{_directory}/manifest.json cannot be read: it is missing", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_TamperedOnnx_FailsOnItsSha256()
    {
        var package = Directory.CreateDirectory(Path.Combine(_directory, "package")).FullName;
        foreach (var file in Directory.GetFiles(s_model))
        {
            File.Copy(file, Path.Combine(package, Path.GetFileName(file)));
        }

        await File.AppendAllTextAsync(Path.Combine(package, "model.onnx"), "x");
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 1, rowsPerQuery: 2, features: 15);

        var exit = await _cli.RunAsync("evaluate", "--model", package, "--data", data, "--features", s_searchFeatures);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains($"{package}/model.onnx: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("sha256 of model.onnx is ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("the manifest says", _cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 15, "feature 1 is 'f1' in the data but 'price' in the model")]
    [InlineData("feed.json", 14, "the data has 14 features and the model 15: the data has no 'text_match' (feature 15)")]
    public async Task Evaluate_DataWithOtherFeaturesThanTheModels_RefusesNamingTheFirstDifference(string? featureFile, int columns, string problem)
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 2, rowsPerQuery: 3, features: columns);
        string[] named = featureFile is null ? [] : ["--features", Path.Combine(RepoPaths.Features, featureFile)];

        var exit = await _cli.RunAsync(["evaluate", "--model", s_model, "--data", data, .. named]);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: test.txt does not hold search-ltr v1's features: {problem}. Name the data's features with --features FILE.\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Evaluate_MarketplaceWithTheDefaultFeatures_ScoresTheHeldOutSessionsAsTheTrainedManifestDoes()
    {
        var feed = Directory.CreateTempSubdirectory("ranking-evaluate-").FullName;
        using var trained = new TestCli();
        Assert.Equal(0, await trained.RunAsync("train", "--format", "marketplace", "--data", RepoPaths.Marketplace, "--surface", "feed", "--out", feed, "--trees", "30", "--json"));

        var exit = await _cli.RunAsync("evaluate", "--model", feed, "--format", "marketplace", "--data", RepoPaths.Marketplace, "--surface", "feed", "--json");
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(feed, "manifest.json")));
        Directory.Delete(feed, recursive: true);

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.Equal(394, json.RootElement.GetProperty("queries").GetInt32());
        Assert.Equal(manifest.RootElement.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), json.RootElement.GetProperty("ndcg@10").GetDouble(), 1e-6);
    }

    [Fact]
    public async Task Evaluate_MarketplaceSurfaceOfAnotherModel_RefusesNamingTheFeatureTheDataLacks()
    {
        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--format", "marketplace", "--data", RepoPaths.Marketplace, "--surface", "feed");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal(
            "error: marketplace does not hold search-ltr v1's features: the data has 14 features and the model 15: the data has no 'text_match' (feature 15). Name the data's features with --features FILE.\n",
            _cli.Error);
    }

    [Theory]
    [InlineData("marketplace", null, "error: --surface is required for --format marketplace.\n")]
    [InlineData("svmlight", "feed", "error: --surface goes with --format marketplace or logged, not svmlight.\n")]
    public async Task Evaluate_SurfaceWithoutMarketplaceOrTheReverse_FailsNamingTheOption(string format, string? surface, string message)
    {
        string[] surfaceOption = surface is null ? [] : ["--surface", surface];

        var exit = await _cli.RunAsync(["evaluate", "--model", s_model, "--format", format, "--data", RepoPaths.Marketplace, .. surfaceOption]);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal(message, _cli.Error);
    }

    [Fact]
    public async Task Evaluate_BadFeatureFile_FailsNamingTheFeature()
    {
        var data = SvmLightFiles.Write(_directory, "test.txt", queries: 2, rowsPerQuery: 3, features: 1);
        var features = Path.Combine(_directory, "features.json");
        await File.WriteAllTextAsync(features, """{"features": [{"name": "price", "source": "price", "default": 0}]}""");

        var exit = await _cli.RunAsync("evaluate", "--model", s_model, "--data", data, "--features", features);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: features.json: features[0] ('price'): source 'price' is unknown", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_SvmLightModel_AcceptsTheDatasOwnColumnNames()
    {
        // Only the names are under test: the model is trained and evaluated on the same rows.
        var data = SvmLightFiles.Write(_directory, "data.txt", queries: 4, rowsPerQuery: 6, features: 3);
        var model = Path.Combine(_directory, "model");
        using (var trainer = new TestCli())
        {
            Assert.Equal(0, await trainer.RunAsync("train", "--train", data, "--valid", data, "--out", model, "--trees", "3", "--min-data-in-leaf", "1", "--json"));
        }

        var exit = await _cli.RunAsync("evaluate", "--model", model, "--data", data, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.Equal(4, json.RootElement.GetProperty("queries").GetInt32());
    }

    [Fact]
    public async Task Evaluate_WithoutModel_IsAParseErrorNamingIt()
    {
        var exit = await _cli.RunAsync("evaluate", "--data", "test.txt");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("Option '--model' is required.", _cli.Error, StringComparison.Ordinal);
    }
}

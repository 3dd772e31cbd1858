using System.Text.Json;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Tests.Training;

/// <summary><c>ranking train</c> on tiny SVMlight files written per test: a few trees, well under a second of training.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-train-").FullName;
    private readonly TestCli _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Train_SvmLight_WritesPackageAndPrintsHoldoutMetrics()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 30, rowsPerQuery: 8, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 10, rowsPerQuery: 8, features: 3);
        var output = Path.Combine(_directory, "model");

        var exit = await _cli.RunAsync(
            "train", "--train", train, "--valid", valid, "--out", output, "--version", "3",
            "--trees", "5", "--leaves", "4", "--min-data-in-leaf", "1", "--early-stopping", "5");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        Assert.Contains("training svmlight-ltr v3: 240 rows / 30 queries, 3 features; validating on 10 queries", _cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"\nbest iteration \d of 5; ONNX vs LightGBM max \|diff\| \S+ on 80 holdout rows\n", _cli.Output);
        // Spectre wraps the title to the width of the table below it.
        Assert.Contains("holdout (10 queries,", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("NDCG@10", _cli.Output, StringComparison.Ordinal);
        Assert.EndsWith($"wrote {output}\n", _cli.Output, StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal("svmlight-ltr", manifest.RootElement.GetProperty("name").GetString());
        Assert.Equal(TestCli.Now, manifest.RootElement.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
    }

    [Fact]
    public async Task Train_WithJson_PrintsOnlyASummaryThatAgreesWithThePackage()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 30, rowsPerQuery: 8, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 10, rowsPerQuery: 8, features: 3);
        var output = Path.Combine(_directory, "model");

        var exit = await _cli.RunAsync(
            "train", "--train", train, "--valid", valid, "--out", output, "--json",
            "--trees", "6", "--leaves", "4", "--min-data-in-leaf", "1", "--early-stopping", "6", "--threads", "1");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        Assert.Single(_cli.Output.TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(_cli.Output);
        var root = json.RootElement;
        Assert.Equal("svmlight-ltr", root.GetProperty("name").GetString());
        Assert.Equal(output, root.GetProperty("out").GetString());
        Assert.Equal(240, root.GetProperty("train").GetProperty("rows").GetInt32());
        Assert.Equal(10, root.GetProperty("valid").GetProperty("queries").GetInt32());
        Assert.Equal(1, root.GetProperty("parameters").GetProperty("threads").GetInt32());
        var best = root.GetProperty("bestIteration").GetInt32();
        Assert.InRange(best, 1, root.GetProperty("iterationsRun").GetInt32());
        Assert.InRange(root.GetProperty("bestValid").GetProperty("ndcg@10").GetDouble(), 0, 1);
        Assert.Equal(80, root.GetProperty("holdout").GetProperty("rows").GetInt32());
        Assert.InRange(root.GetProperty("onnxMaxDiff").GetDouble(), 0, 1e-5);
        Assert.True(root.GetProperty("seconds").GetProperty("training").GetDouble() >= 0);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal(best, manifest.RootElement.GetProperty("training").GetProperty("bestIteration").GetInt32());
    }

    [Fact]
    public async Task Train_WithOneThreadOrFour_WritesTheSameModel()
    {
        // deterministic=true and row-wise histograms: the thread count changes the speed, not the trees.
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 60, rowsPerQuery: 8, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 10, rowsPerQuery: 8, features: 3);
        var models = new List<byte[]>();
        foreach (var threads in new[] { "1", "4" })
        {
            var output = Path.Combine(_directory, "model-" + threads);
            using var cli = new TestCli();
            Assert.Equal(0, await cli.RunAsync(
                "train", "--train", train, "--valid", valid, "--out", output, "--json",
                "--trees", "8", "--leaves", "4", "--min-data-in-leaf", "1", "--threads", threads));
            // LightGBM was given the count (its model file records it); the trees are compared as served.
            Assert.Contains($"[num_threads: {threads}]", await File.ReadAllTextAsync(Path.Combine(output, "lightgbm.txt")), StringComparison.Ordinal);
            models.Add(await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx")));
        }

        Assert.Equal(models[0], models[1]);
    }

    [Fact]
    public async Task Train_ValidationFeatureBeyondTrainingSet_NotesTheIgnoredValues()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 20, rowsPerQuery: 6, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 5, rowsPerQuery: 6, features: 3, extraFeatureId: 9);

        var exit = await _cli.RunAsync(
            "train", "--train", train, "--valid", valid, "--out", Path.Combine(_directory, "model"),
            "--trees", "2", "--leaves", "4", "--min-data-in-leaf", "1");

        Assert.Equal(0, exit);
        Assert.Equal("note: 30 values in valid.txt have feature ids above 3 (the training set's) and were ignored\n", _cli.Error);
    }

    [Fact]
    public async Task Train_IntoAFolderHoldingFiles_IsRefusedWithoutForce_AndLeavesThemAlone()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 20, rowsPerQuery: 6, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 5, rowsPerQuery: 6, features: 3);
        var output = Directory.CreateDirectory(Path.Combine(_directory, "published")).FullName;
        File.WriteAllText(Path.Combine(output, "manifest.json"), "{\"kept\":true}");
        string[] common = ["train", "--train", train, "--valid", valid, "--out", output, "--trees", "2", "--leaves", "4", "--min-data-in-leaf", "1", "--json"];

        var refused = await _cli.RunAsync(common);

        Assert.Equal(2, refused);
        Assert.Equal($"error: --out {output} is not empty; give --force to write the package over what is there, or choose a new folder\n", _cli.Error);
        Assert.Equal("{\"kept\":true}", File.ReadAllText(Path.Combine(output, "manifest.json")));

        using var forced = new TestCli();
        Assert.Equal(0, await forced.RunAsync([.. common, "--force"]));
        Assert.Contains("\"name\"", File.ReadAllText(Path.Combine(output, "manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_SvmLightWithoutItsFiles_IsAParseErrorNamingBothOptions()
    {
        var exit = await _cli.RunAsync("train", "--out", Path.Combine(_directory, "model"));

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("--train is required for --format svmlight.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("--valid is required for --format svmlight.", _cli.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "model")));
    }

    [Fact]
    public async Task Train_MarketplaceWithoutSurface_IsAParseErrorNamingIt()
    {
        var exit = await _cli.RunAsync("train", "--format", "marketplace", "--data", _directory, "--out", Path.Combine(_directory, "model"));

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("--surface is required for --format marketplace.", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--data is required", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--train", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_UnknownFormat_IsAParseErrorListingTheFormats()
    {
        var exit = await _cli.RunAsync("train", "--format", "csv", "--out", Path.Combine(_directory, "model"));

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("Argument 'csv' not recognized", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("'marketplace'", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_SvmLightWithFeatureFile_WritesItsFeaturesInTheManifest()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 20, rowsPerQuery: 6, features: 2);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 5, rowsPerQuery: 6, features: 2);
        var features = Path.Combine(_directory, "features.json");
        await File.WriteAllTextAsync(features, """
            {"features": [
              {"name": "price", "source": "item", "field": "price", "default": 0, "transform": "log1p"},
              {"name": "bid", "source": "candidate", "field": "bid", "default": 0.5}
            ]}
            """);
        var output = Path.Combine(_directory, "model");

        var exit = await _cli.RunAsync(
            "train", "--train", train, "--valid", valid, "--features", features, "--out", output, "--trees", "3", "--min-data-in-leaf", "1", "--json");

        Assert.Equal(0, exit);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")));
        var written = manifest.RootElement.GetProperty("features");
        Assert.Equal(["price", "bid"], written.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("log1p", written[0].GetProperty("transform").GetString());
        Assert.Equal(0.5, written[1].GetProperty("default").GetDouble());
    }

    [Fact]
    public async Task Train_FeatureFileNamingTooFewColumns_FailsNamingTheUnnamedColumn()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 4, rowsPerQuery: 4, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 2, rowsPerQuery: 4, features: 3);
        var features = Path.Combine(_directory, "features.json");
        await File.WriteAllTextAsync(features, """{"features": [{"name": "a", "source": "candidate", "field": "a", "default": 0}]}""");

        var exit = await _cli.RunAsync("train", "--train", train, "--valid", valid, "--features", features, "--out", Path.Combine(_directory, "model"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: train.txt has values for feature ids up to 3, and the feature file names 1: column f2 has no name.\n", _cli.Error);
    }

    [Fact]
    public async Task Train_FeatureFileWithoutADefault_FailsNamingTheFeature()
    {
        var features = Path.Combine(_directory, "features.json");
        await File.WriteAllTextAsync(features, """{"features": [{"name": "likes", "source": "item", "field": "likes"}]}""");

        var exit = await _cli.RunAsync(
            "train", "--format", "marketplace", "--data", RepoPaths.Marketplace, "--surface", "feed", "--features", features, "--out", Path.Combine(_directory, "model"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: features.json: features[0] ('likes') needs a \"default\" (a number): the value used when its source has none.\n", _cli.Error);
    }

    [Fact]
    public async Task Train_MarketplaceDefault_WritesTheModelTheShippedFeatureListTrains()
    {
        // The shipped manifest records the list the C# code held before the default files; a manifest reads as a feature file.
        var shipped = Path.Combine(RepoPaths.Models, "feed-ltr", "1", "manifest.json");
        string[] common = ["--format", "marketplace", "--data", RepoPaths.Marketplace, "--surface", "feed", "--trees", "8", "--early-stopping", "8", "--json"];
        var byDefault = Path.Combine(_directory, "default");
        var byList = Path.Combine(_directory, "list");

        Assert.Equal(0, await _cli.RunAsync(["train", .. common, "--out", byDefault]));
        using var other = new TestCli();
        Assert.Equal(0, await other.RunAsync(["train", .. common, "--features", shipped, "--out", byList]));

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(byList, "model.onnx")), await File.ReadAllBytesAsync(Path.Combine(byDefault, "model.onnx")));
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(byDefault, "manifest.json")));
        using var original = JsonDocument.Parse(await File.ReadAllBytesAsync(shipped));
        Assert.Equal(original.RootElement.GetProperty("features").GetRawText(), manifest.RootElement.GetProperty("features").GetRawText());
    }

    [Fact]
    public async Task Train_MissingTrainingFile_FailsNamingIt()
    {
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 2, rowsPerQuery: 4, features: 3);

        var exit = await _cli.RunAsync("train", "--train", Path.Combine(_directory, "absent.txt"), "--valid", valid, "--out", Path.Combine(_directory, "model"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: absent.txt: cannot read:", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Output);
    }

    [Theory]
    [InlineData("--trees", "0", "Trees must be a positive number of trees, not 0.")]
    [InlineData("--leaves", "1", "Leaves must be at least 2 leaves, not 1.")]
    [InlineData("--learning-rate", "-0.5", "LearningRate must be a positive number, not -0.5.")]
    [InlineData("--threads", "0", "Threads must be a positive thread count, not 0.")]
    [InlineData("--objective", "xendcg", "Objective must be one of lambdarank, rank_xendcg, not 'xendcg'.")]
    [InlineData("--truncation-level", "0", "TruncationLevel must be a positive number of positions, not 0.")]
    [InlineData("--min-iterations", "-1", "MinIterations must be zero or a positive number of iterations, not -1.")]
    [InlineData("--label-gain", "0,3,1", "LabelGain must be non-decreasing, but entry 2 (1) is below entry 1 (3).")]
    [InlineData("--label-gain", "0,x", "LabelGain entry 1 ('x') is not a number.")]
    public async Task Train_OutOfRangeOption_FailsNamingIt(string option, string value, string message)
    {
        var file = SvmLightFiles.Write(_directory, "train.txt", queries: 2, rowsPerQuery: 4, features: 3);

        var exit = await _cli.RunAsync("train", "--train", file, "--valid", file, "--out", Path.Combine(_directory, "model"), option, value);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {message}\n", _cli.Error);
    }

    [Fact]
    public async Task Train_LabelGainShorterThanTheLabels_FailsNamingTheLabel()
    {
        // The files' labels go from 0 to 3.
        var file = SvmLightFiles.Write(_directory, "train.txt", queries: 4, rowsPerQuery: 8, features: 3);

        var exit = await _cli.RunAsync("train", "--train", file, "--valid", file, "--out", Path.Combine(_directory, "model"), "--json", "--label-gain", "0,1,3");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: LabelGain has 3 entries but the training data has label 3: give one gain per label 0..3, at least 4 entries.\n", _cli.Error);
        Assert.False(File.Exists(Path.Combine(_directory, "model", "manifest.json")));
    }

    [Fact]
    public async Task Train_WithObjectiveAndLabelGain_RecordsThemInTheManifestAndTheSummary()
    {
        var train = SvmLightFiles.Write(_directory, "train.txt", queries: 30, rowsPerQuery: 8, features: 3);
        var valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 10, rowsPerQuery: 8, features: 3);
        var output = Path.Combine(_directory, "model");

        var exit = await _cli.RunAsync(
            "train", "--train", train, "--valid", valid, "--out", output, "--json", "--objective", "rank_xendcg", "--label-gain", "0,1,2,4",
            "--trees", "4", "--leaves", "4", "--min-data-in-leaf", "1", "--early-stopping", "4", "--min-iterations", "3");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_cli.Output);
        var parameters = json.RootElement.GetProperty("parameters");
        Assert.Equal("rank_xendcg", parameters.GetProperty("objective").GetString());
        Assert.Equal(3, parameters.GetProperty("minIterations").GetInt32());
        Assert.Equal([0.0, 1, 2, 4], parameters.GetProperty("labelGain").EnumerateArray().Select(e => e.GetDouble()));
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal("rank_xendcg", manifest.RootElement.GetProperty("objective").GetString());
        var training = manifest.RootElement.GetProperty("training");
        Assert.Equal([0.0, 1, 2, 4], training.GetProperty("labelGain").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(4, training.GetProperty("earlyStopping").GetInt32());
        Assert.False(training.TryGetProperty("truncationLevel", out _));
        Assert.Contains("[objective: rank_xendcg]", await File.ReadAllTextAsync(Path.Combine(output, "lightgbm.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_NonNumericTrees_IsAParseError()
    {
        var exit = await _cli.RunAsync("train", "--train", "a", "--valid", "b", "--out", "c", "--trees", "many");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("'many'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("--trees", _cli.Error, StringComparison.Ordinal);
    }
}

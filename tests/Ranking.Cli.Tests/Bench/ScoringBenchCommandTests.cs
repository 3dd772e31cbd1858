using System.Globalization;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Testing.Models;

namespace Ranking.Cli.Tests.Bench;

/// <summary><c>ranking bench scoring</c> on the committed feed package and damaged copies of it, with a budget of milliseconds.</summary>
public sealed class ScoringBenchCommandTests : IDisposable
{
    private static readonly string s_feed = Path.Combine(RepoPaths.Models, "feed-ltr", "1");
    private readonly TestCli _cli = new();
    private readonly TestPackages _packages = new();

    public void Dispose()
    {
        _cli.Dispose();
        _packages.Dispose();
    }

    [Fact]
    public async Task Scoring_FeedPackageWithJson_TimesAllThreeScorersAfterTheyAgree()
    {
        var exit = await _cli.RunAsync("bench", "scoring", "--model", s_feed, "--docs", "20,50", "--seconds", "0.01", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        Assert.Single(_cli.Output.TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(_cli.Output);
        var root = json.RootElement;
        Assert.Equal("feed-ltr", root.GetProperty("model").GetString());
        Assert.Equal(14, root.GetProperty("features").GetInt32());
        var trees = File.ReadLines(Path.Combine(s_feed, "lightgbm.txt")).Count(line => line.StartsWith("Tree=", StringComparison.Ordinal));
        Assert.Equal(trees, root.GetProperty("trees").GetInt32());
        Assert.Equal("holdout", root.GetProperty("inputs").GetProperty("source").GetString());
        Assert.Equal(16, root.GetProperty("inputs").GetProperty("matrices").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nativeRefusal").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("lightGbmSkipped").ValueKind);
        // The native scorer reproduces ONNX Runtime's floats; LightGBM sums in double, so its floats may differ in the last bits.
        Assert.InRange(root.GetProperty("maxAbsDiff").GetProperty("nativeVsOnnxRuntime").GetDouble(), 0, 1e-6);
        Assert.InRange(root.GetProperty("maxAbsDiff").GetProperty("lightGbmVsOnnxRuntime").GetDouble(), 0, 1e-5);

        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([20, 50], results.Select(r => r.GetProperty("docs").GetInt32()));
        foreach (var result in results)
        {
            var docs = result.GetProperty("docs").GetInt32();
            // Whole passes over the 16 matrices, each scored by every scorer.
            Assert.Equal(0, result.GetProperty("repetitions").GetInt32() % 16);
            var onnx = AssertTiming(result.GetProperty("onnxRuntime"), docs, trees);
            var native = AssertTiming(result.GetProperty("native"), docs, trees);
            var lightGbm = AssertTiming(result.GetProperty("lightGbm"), docs, trees);
            Assert.Equal(native / onnx, result.GetProperty("nativeToOnnxRuntime").GetDouble(), 1e-9);
            Assert.Equal(lightGbm / onnx, result.GetProperty("lightGbmToOnnxRuntime").GetDouble(), 1e-9);
        }
    }

    [Fact]
    public async Task Scoring_WithoutJson_PrintsWhatWasMeasuredAndARowPerDocCountAndScorer()
    {
        var exit = await _cli.RunAsync("bench", "scoring", "--model", s_feed, "--docs", "30", "--seconds", "0.01");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        Assert.Matches(@"feed-ltr/1: 14 features, trees: \d+", _cli.Output);
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"16 matrices per doc count, taken in turn; rows drawn with seed 42 from the holdout ({RepoPaths.HoldoutRows("feed-ltr"):N0} rows)"),
            _cli.Output,
            StringComparison.Ordinal);
        Assert.Matches(@"max \|diff\| vs ONNX Runtime: native 0, LightGBM \d", _cli.Output);
        Assert.Matches(@"│ +30 │ ONNX Runtime +│ +[\d.,]+ us │ +[\d.]+ │ +1\.00 │", _cli.Output);
        Assert.Matches(@"│ +│ native +│ +[\d.,]+ us │ +[\d.]+ │ +[\d.]+ │", _cli.Output);
        Assert.Matches(@"│ +│ LightGBM +│ +[\d.,]+ us │ +[\d.]+ │ +[\d.]+ │", _cli.Output);
    }

    [Fact]
    public async Task Scoring_PackageWithoutTrainerModelOrHoldout_SaysSoAndDrawsRandomInputs()
    {
        var package = _packages.CopyOfSample("feed-ltr", "2", manifest =>
        {
            manifest.Remove("holdout");
            manifest.Remove("trainerModel");
        });
        File.Delete(Path.Combine(package, "lightgbm.txt"));
        File.Delete(Path.Combine(package, "holdout.jsonl"));

        var exit = await _cli.RunAsync("bench", "scoring", "--model", package, "--docs", "20", "--seconds", "0.01", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("note: LightGBM is not timed: the package has no lightgbm.txt\n", _cli.Error);
        using var json = JsonDocument.Parse(_cli.Output);
        var root = json.RootElement;
        Assert.Equal("random", root.GetProperty("inputs").GetProperty("source").GetString());
        Assert.Equal("the package has no lightgbm.txt", root.GetProperty("lightGbmSkipped").GetString());
        Assert.Equal(0, root.GetProperty("maxAbsDiff").GetProperty("nativeVsOnnxRuntime").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("maxAbsDiff").GetProperty("lightGbmVsOnnxRuntime").ValueKind);
        var result = Assert.Single(root.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("lightGbm").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("lightGbmToOnnxRuntime").ValueKind);
        Assert.True(result.GetProperty("native").GetProperty("medianNs").GetDouble() > 0);
    }

    [Fact]
    public async Task Scoring_ModelTheNativeScorerRefuses_PrintsTheReasonAndTimesOnnxRuntimeAlone()
    {
        var package = _packages.CopyOfSample("feed-ltr", "3", manifest => manifest.Remove("trainerModel"));
        File.Delete(Path.Combine(package, "lightgbm.txt"));
        // MAX instead of SUM: ONNX Runtime scores it, the native scorer only sums.
        var onnx = Path.Combine(package, "model.onnx");
        File.WriteAllBytes(onnx, Replace(File.ReadAllBytes(onnx), "SUM", "MAX"));

        var exit = await _cli.RunAsync("bench", "scoring", "--model", package, "--docs", "20", "--seconds", "0.01", "--json");

        Assert.Equal(0, exit);
        Assert.StartsWith("note: the native scorer refuses this model and is not timed: aggregate_function MAX", _cli.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.StartsWith("aggregate_function MAX", json.RootElement.GetProperty("nativeRefusal").GetString(), StringComparison.Ordinal);
        var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("native").ValueKind);
        Assert.True(result.GetProperty("onnxRuntime").GetProperty("medianNs").GetDouble() > 0);
    }

    [Fact]
    public async Task Scoring_TrainerModelThatScoresDifferently_FailsNamingTheScorerAndTheDifference()
    {
        var package = _packages.CopyOfSample("feed-ltr", "4");
        // Tree 0's first leaf moved by 0.1 or more (its tenths digit changed); the same length, so LightGBM's tree_sizes still hold.
        var trainer = Path.Combine(package, "lightgbm.txt");
        var text = File.ReadAllText(trainer);
        var dot = text.IndexOf('.', text.IndexOf("leaf_value=", StringComparison.Ordinal));
        File.WriteAllText(trainer, string.Concat(text.AsSpan(0, dot + 1), text[dot + 1] == '9' ? "0" : ((char)(text[dot + 1] + 1)).ToString(), text.AsSpan(dot + 2)));

        var exit = await _cli.RunAsync("bench", "scoring", "--model", package, "--docs", "200", "--seconds", "0.01");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: LightGBM's predict and ONNX Runtime disagree: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("tolerance 1e-5", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Scoring_TrainerModelOfAnotherWidth_FailsNamingTheFile()
    {
        var package = _packages.CopyOfSample("feed-ltr", "5");
        File.Copy(Path.Combine(RepoPaths.Models, "search-ltr", "1", "lightgbm.txt"), Path.Combine(package, "lightgbm.txt"), overwrite: true);

        var exit = await _cli.RunAsync("bench", "scoring", "--model", package, "--seconds", "0.01");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {package}/lightgbm.txt takes 15 features, the manifest declares 14.\n", _cli.Error);
    }

    [Fact]
    public async Task Scoring_MissingFolder_FailsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-package-" + Guid.NewGuid().ToString("N"));

        var exit = await _cli.RunAsync("bench", "scoring", "--model", missing);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: --model: there is no folder {missing}.\n", _cli.Error);
    }

    [Fact]
    public async Task Scoring_FolderWithoutManifest_SaysItIsNotAPackage()
    {
        var folder = Directory.CreateTempSubdirectory("ranking-bench-").FullName;
        try
        {
            var exit = await _cli.RunAsync("bench", "scoring", "--model", folder);

            Assert.Equal(CommandErrors.BadInput, exit);
            Assert.Equal($"error: --model: {folder} is not a model package: it has no manifest.json.\n", _cli.Error);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Theory]
    [InlineData("100,abc")]
    [InlineData("0")]
    [InlineData("100,,500")]
    [InlineData("-5")]
    [InlineData("100001")]
    public async Task Scoring_BadDocsList_FailsNamingTheOption(string docs)
    {
        var exit = await _cli.RunAsync("bench", "scoring", "--model", s_feed, "--docs", docs);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: --docs must be whole numbers of documents from 1 to 100000, comma-separated (e.g. 100,500,1000), not '{docs}'.", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Output);
    }

    [Theory]
    [InlineData("--inputs", "8", "error: --inputs must be from 16 (fewer matrices let the branch predictor learn the trees' paths) to 1000.")]
    [InlineData("--inputs", "1001", "error: --inputs must be from 16")]
    [InlineData("--seconds", "0", "error: --seconds must be more than 0")]
    [InlineData("--seconds", "601", "error: --seconds must be more than 0 and at most 600.")]
    public async Task Scoring_OptionOutOfRange_FailsNamingIt(string option, string value, string expected)
    {
        var exit = await _cli.RunAsync("bench", "scoring", "--model", s_feed, option, value);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith(expected, _cli.Error, StringComparison.Ordinal);
    }

    /// <returns>The median in ns, after checking ns/doc/tree is that median over documents and trees.</returns>
    private static double AssertTiming(JsonElement timing, int docs, int trees)
    {
        var median = timing.GetProperty("medianNs").GetDouble();
        Assert.True(median > 0);
        Assert.Equal(median / docs / trees, timing.GetProperty("nsPerDocTree").GetDouble(), 1e-9);
        return median;
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(from));
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(Encoding.ASCII.GetBytes(from)) < 0, $"'{from}' must occur exactly once");
        var copy = (byte[])bytes.Clone();
        Encoding.ASCII.GetBytes(to).CopyTo(copy, at);
        return copy;
    }
}

using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Tests.Explanations;

/// <summary><c>ranking models explain</c> on the committed feed-ltr package, and on a copy without its lightgbm.txt.</summary>
public sealed class ModelExplainCommandTests : IDisposable
{
    private static readonly string s_model = Path.Combine(RepoPaths.Models, "feed-ltr", "1");
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-explain-").FullName;
    private readonly TestCli _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Explain_WithJson_GivesLightGbmsGainAndSplitsPerFeatureSortedByGain()
    {
        var exit = await _cli.RunAsync("models", "explain", "--model", s_model, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        using var json = JsonDocument.Parse(_cli.Output);
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        var expected = GainAndSplitsFromText(Path.Combine(s_model, "lightgbm.txt"));
        Assert.Equal(14, features.Count);
        var gains = features.Select(f => f.GetProperty("gain").GetDouble()).ToList();
        Assert.Equal(gains.OrderDescending(), gains);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("gainUnavailable").ValueKind);
        Assert.Equal(RepoPaths.HoldoutRows("feed-ltr"), json.RootElement.GetProperty("holdoutRows").GetInt32());
        foreach (var (feature, index) in features.Select((f, i) => (f, i)))
        {
            var column = ColumnOf(feature.GetProperty("feature").GetString()!);
            Assert.Equal(expected.Gain[column], feature.GetProperty("gain").GetDouble(), 1e-6);
            Assert.Equal(expected.Splits[column], feature.GetProperty("splits").GetInt32());
            Assert.True(feature.GetProperty("meanAbsShap").GetDouble() >= 0);
        }

        Assert.True(features[0].GetProperty("meanAbsShap").GetDouble() > 0);
    }

    [Fact]
    public async Task Explain_Table_ListsTheTopFeaturesAndTheBase()
    {
        using var json = new TestCli();
        Assert.Equal(0, await json.RunAsync("models", "explain", "--model", s_model, "--json", "--top", "3"));
        var top = JsonDocument.Parse(json.Output).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature").GetString()!).ToList();

        var exit = await _cli.RunAsync("models", "explain", "--model", s_model, "--top", "3");

        Assert.Equal(0, exit);
        Assert.Equal(3, top.Count);
        var rows = _cli.Output.Split('\n').Where(line => line.StartsWith("│ ", StringComparison.Ordinal) && !line.Contains("feature", StringComparison.Ordinal)).ToList();
        Assert.Equal(top, rows.Select(r => r.Split('│', StringSplitOptions.TrimEntries)[1]));
        Assert.Contains($"mean |SHAP| over {RepoPaths.HoldoutRows("feed-ltr")} holdout rows; base value", _cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WithoutLightGbmText_CountsSplitsFromOnnxAndSaysGainIsUnavailable()
    {
        using var withText = new TestCli();
        Assert.Equal(0, await withText.RunAsync("models", "explain", "--model", s_model, "--json"));
        foreach (var file in Directory.EnumerateFiles(s_model).Where(f => Path.GetFileName(f) != "lightgbm.txt"))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }

        var exit = await _cli.RunAsync("models", "explain", "--model", _directory, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.Contains("no lightgbm.txt", json.RootElement.GetProperty("gainUnavailable").GetString(), StringComparison.Ordinal);
        var splits = json.RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!, f => f.GetProperty("splits").GetInt32());
        var expected = JsonDocument.Parse(withText.Output).RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("feature").GetString()!, f => f.GetProperty("splits").GetInt32());
        Assert.Equal(expected, splits);
        Assert.All(json.RootElement.GetProperty("features").EnumerateArray(), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("gain").ValueKind));
        // Covers come from the holdout rows then, so mean |SHAP| is still there.
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("shapUnavailable").ValueKind);
    }

    [Fact]
    public async Task Explain_AFolderWithoutAPackage_FailsWithExit2NamingTheManifest()
    {
        var exit = await _cli.RunAsync("models", "explain", "--model", _directory);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Contains("manifest.json", _cli.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WithTopBelowOne_IsAParseError()
    {
        var exit = await _cli.RunAsync("models", "explain", "--model", s_model, "--top", "0");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("--top must be at least 1", _cli.Error, StringComparison.Ordinal);
    }

    /// <summary>The feed manifest's feature order: the lightgbm.txt columns are the manifest's features in order.</summary>
    private static int ColumnOf(string feature)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(s_model, "manifest.json")));
        return manifest.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList().IndexOf(feature);
    }

    /// <summary>Sums split_gain and counts splits per feature straight from the text, the way LightGBM's importance does.</summary>
    private static (double[] Gain, int[] Splits) GainAndSplitsFromText(string path)
    {
        var gain = new double[14];
        var splits = new int[14];
        string[] features = [];
        foreach (var line in File.ReadLines(path).TakeWhile(l => !l.StartsWith("end of trees", StringComparison.Ordinal)))
        {
            if (line.StartsWith("split_feature=", StringComparison.Ordinal))
            {
                features = line["split_feature=".Length..].Split(' ');
            }
            else if (line.StartsWith("split_gain=", StringComparison.Ordinal))
            {
                var gains = line["split_gain=".Length..].Split(' ');
                for (var i = 0; i < features.Length; i++)
                {
                    var feature = int.Parse(features[i], CultureInfo.InvariantCulture);
                    gain[feature] += double.Parse(gains[i], CultureInfo.InvariantCulture);
                    splits[feature]++;
                }
            }
        }

        return (gain, splits);
    }
}

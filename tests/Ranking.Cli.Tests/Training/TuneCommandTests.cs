using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Tests.Training;

/// <summary><c>ranking tune</c> on tiny SVMlight files: a handful of trials of a few trees each.</summary>
public sealed class TuneCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-tune-").FullName;
    private readonly TestCli _cli = new();
    private readonly string _train;
    private readonly string _valid;

    public TuneCommandTests()
    {
        _train = SvmLightFiles.Write(_directory, "train.txt", queries: 30, rowsPerQuery: 8, features: 3);
        _valid = SvmLightFiles.Write(_directory, "valid.txt", queries: 10, rowsPerQuery: 8, features: 3);
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Tune_GridWithJson_ScoresEveryTrialAndPackagesTheBestAsTrainWould()
    {
        var space = Space("""{"leaves":[2,4],"learningRate":[0.05,0.3]}""");
        var output = Path.Combine(_directory, "model");

        var exit = await Tune(space, output, "--json");

        Assert.Equal(0, exit);
        Assert.Single(_cli.Output.TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(_cli.Output);
        var root = json.RootElement;
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(
            ["2/0.05", "2/0.3", "4/0.05", "4/0.3"],
            trials.Select(t => $"{t.GetProperty("setting").GetProperty("leaves").GetInt32()}/{t.GetProperty("setting").GetProperty("learningRate").GetDouble()}"));
        var best = trials.MaxBy(t => t.GetProperty("ndcg@10").GetDouble());
        Assert.Equal(best.GetProperty("trial").GetInt32(), root.GetProperty("best").GetInt32());
        var parameters = root.GetProperty("package").GetProperty("parameters");
        Assert.Equal(best.GetProperty("setting").GetProperty("leaves").GetInt32(), parameters.GetProperty("leaves").GetInt32());
        Assert.Equal(best.GetProperty("setting").GetProperty("learningRate").GetDouble(), parameters.GetProperty("learningRate").GetDouble());
        // The retrained model is the best trial's own: the same data, parameters and seed.
        Assert.Equal(best.GetProperty("bestIterations")[0].GetInt32(), root.GetProperty("package").GetProperty("bestIteration").GetInt32());
        // To 1e-12: LightGBM's thread count is process-wide, and a test packaging alongside can change the order of the metric's sum.
        Assert.Equal(best.GetProperty("ndcg@10").GetDouble(), root.GetProperty("package").GetProperty("bestValid").GetProperty("ndcg@10").GetDouble(), 1e-12);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal(parameters.GetProperty("leaves").GetInt32(), manifest.RootElement.GetProperty("training").GetProperty("leaves").GetInt32());
        Assert.StartsWith("tune: 4 grid trials, scored on 10 validation queries\n", _cli.Error, StringComparison.Ordinal);
        Assert.Matches(@"\ntrial 4/4 leaves=4 learningRate=0\.3: valid ndcg@10 \d\.\d{4}, best iteration \d+; elapsed 00:00:00, ETA 00:00:00\n", _cli.Error);
    }

    [Fact]
    public async Task Tune_RandomWithASeed_RunsTheSameTrialsEveryTime()
    {
        var space = Space("""{"leaves":[2,3,4,5],"learningRate":[0.05,0.1,0.3],"objective":["lambdarank","rank_xendcg"]}""");
        var runs = new List<string>();
        foreach (var name in new[] { "a", "b" })
        {
            using var cli = new TestCli();
            Assert.Equal(0, await cli.RunAsync(
                "tune", "--train", _train, "--valid", _valid, "--out", Path.Combine(_directory, name), "--space", space, "--json",
                "--search", "random", "--budget", "3", "--seed", "5", "--trees", "3", "--min-data-in-leaf", "1"));
            using var json = JsonDocument.Parse(cli.Output);
            // Scores to 10 decimals: the last bits of LightGBM's metric depend on what else runs in the process (its thread count is global).
            runs.Add(string.Join(' ', json.RootElement.GetProperty("trials").EnumerateArray().Select(
                t => $"{t.GetProperty("setting")}={Math.Round(t.GetProperty("ndcg@10").GetDouble(), 10).ToString(CultureInfo.InvariantCulture)}")));
            Assert.Equal(3, json.RootElement.GetProperty("trials").GetArrayLength());
        }

        Assert.Equal(runs[0], runs[1]);
    }

    [Fact]
    public async Task Tune_WithFolds_ShowsMeanAndSpreadPerTrialThenTheTrainSummary()
    {
        var space = Space("""{"leaves":[2,4]}""");
        var output = Path.Combine(_directory, "model");

        var exit = await Tune(space, output, "--folds", "3");

        Assert.Equal(0, exit);
        Assert.StartsWith("tune: 2 grid trials, scored on 3 folds of 30 training queries\n", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("validation NDCG@10, mean ± sd over 3 folds", _cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ +(\* )?1 │ +2 │ +\d\.\d{4} ± \d\.\d{4} │ +\d+/\d+/\d+ │", _cli.Output);
        Assert.Contains("best iteration ", _cli.Output, StringComparison.Ordinal);
        Assert.EndsWith($"wrote {output}\n", _cli.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"leafs":[7]}""", "space.json: unknown key 'leafs'")]
    [InlineData("""{"leaves":[7,"15"]}""", "space.json: 'leaves'[1] must be an integer.")]
    public async Task Tune_BadSpace_FailsNamingTheKey(string json, string message)
    {
        var exit = await Tune(Space(json), Path.Combine(_directory, "model"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {message}", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Output);
    }

    [Theory]
    [InlineData("--budget", "0", "error: --budget must be a positive number of trials, not 0.\n")]
    [InlineData("--folds", "31", "error: Folds must be between 2 and the 30 queries of the training data, not 31.\n")]
    public async Task Tune_OutOfRangeSearchOption_FailsNamingIt(string option, string value, string message)
    {
        var exit = await Tune(Space("""{"leaves":[2]}"""), Path.Combine(_directory, "model"), option, value);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal(message, _cli.Error);
    }

    private Task<int> Tune(string space, string output, params string[] more) => _cli.RunAsync(
        ["tune", "--train", _train, "--valid", _valid, "--out", output, "--space", space, "--trees", "4", "--min-data-in-leaf", "1", "--early-stopping", "4", "--threads", "1", .. more]);

    private string Space(string json)
    {
        var path = Path.Combine(_directory, "space.json");
        File.WriteAllText(path, json);
        return path;
    }
}

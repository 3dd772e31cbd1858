using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ranking.Cli.Invocation;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests.Dev;

/// <summary>
/// <c>ranking dev up</c> and <c>down</c> as a user runs them: real dynalite and s3rver from node_modules, left running
/// between the commands, the sample loaded and the default models live, then stopped.
/// </summary>
public sealed class DevCommandTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "ranking-dev-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        // A failed test must not leave servers behind.
        using var cli = new TestCli();
        if (File.Exists(Path.Combine(_state, "state.json")))
        {
            cli.RunAsync("dev", "down", "--state", _state).GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task Up_LeavesTheServersRunningWithTheSampleAndLiveModels_Down_StopsThem()
    {
        using var up = new TestCli();
        var exit = await up.RunAsync("dev", "up", "--state", _state, "--dynamodb-port", "0", "--s3-port", "0", "--data", RepoPaths.Marketplace, "--models", RepoPaths.Models);
        Assert.True(exit == 0, up.Error + up.Output);
        Assert.Contains("loaded 3000 items into ranking-items", up.Output, StringComparison.Ordinal);
        Assert.Contains("feed-ltr/1 validated: recorded in the registry.", up.Output, StringComparison.Ordinal);
        Assert.Contains("search-ltr/1 is live (was none).", up.Output, StringComparison.Ordinal);

        // What a user pastes into a shell reaches the servers: the registry shows both models live.
        var dynamo = Regex.Match(up.Output, "export AWS_ENDPOINT_URL_DYNAMODB=(\\S+)").Groups[1].Value;
        var s3 = Regex.Match(up.Output, "export AWS_ENDPOINT_URL_S3=(\\S+)").Groups[1].Value;
        Assert.Contains("export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1", up.Output, StringComparison.Ordinal);
        using (var list = new TestCli { Aws = TestAws.At(dynamo, s3, BlackholeServer.RefusingUrl()) })
        {
            Assert.Equal(0, await list.RunAsync("models", "list", "--json"));
            using var json = JsonDocument.Parse(list.Output);
            Assert.Equal(["feed-ltr", "search-ltr"], json.RootElement.EnumerateArray().Where(v => v.GetProperty("live").GetBoolean()).Select(v => v.GetProperty("name").GetString()).Order());
        }

        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_state, "state.json")));
        var pids = new[] { "dynamodb", "s3" }.Select(s => state.RootElement.GetProperty(s).GetProperty("pid").GetInt32()).ToList();
        Assert.All(pids, pid => Assert.False(Process.GetProcessById(pid).HasExited));

        // A second up stops what the first left running, then starts anew; with --json, stdout is one object and
        // what people read (the steps' own output included) goes to stderr.
        using var again = new TestCli();
        Assert.True(await again.RunAsync("dev", "up", "--state", _state, "--dynamodb-port", "0", "--s3-port", "0", "--data", RepoPaths.Marketplace, "--models", RepoPaths.Models, "--json") == 0, again.Error);
        Assert.Contains($"stopped what the previous dev up left running: dynalite (pid {pids[0]}), s3rver (pid {pids[1]})", again.Error, StringComparison.Ordinal);
        Assert.Contains("search-ltr/1 is live (was none).", again.Error, StringComparison.Ordinal);
        using (var summary = JsonDocument.Parse(again.Output))
        {
            var root = summary.RootElement;
            Assert.StartsWith("http://127.0.0.1:", root.GetProperty("dynamodb").GetString(), StringComparison.Ordinal);
            Assert.Equal(7, root.GetProperty("steps").GetArrayLength());
            Assert.Equal("ranking models promote --name search-ltr --version 1", root.GetProperty("steps")[6].GetString());
            Assert.Equal(root.GetProperty("dynamodb").GetString(), root.GetProperty("environment").GetProperty("AWS_ENDPOINT_URL_DYNAMODB").GetString());
            Assert.Equal("ranking-models", root.GetProperty("environment").GetProperty("RANKING_MODELS_TABLE").GetString());
        }

        Assert.All(pids, pid => Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid)));
        using (var second = JsonDocument.Parse(File.ReadAllText(Path.Combine(_state, "state.json"))))
        {
            pids = [.. new[] { "dynamodb", "s3" }.Select(s => second.RootElement.GetProperty(s).GetProperty("pid").GetInt32())];
        }

        using var down = new TestCli();
        Assert.Equal(0, await down.RunAsync("dev", "down", "--state", _state));
        Assert.Matches(@"^stopped dynalite \(pid \d+\), s3rver \(pid \d+\); removed ", down.Output);
        Assert.All(pids, pid => Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid)));
        Assert.False(Directory.Exists(_state));

        using var downAgain = new TestCli();
        Assert.Equal(CommandErrors.BadInput, await downAgain.RunAsync("dev", "down", "--state", _state));
        Assert.StartsWith($"error: nothing to stop: {_state} holds no state.json", downAgain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_WithoutTheSampleOrModels_FailsNamingThem_BeforeStartingAnything()
    {
        using var cli = new TestCli();
        var empty = Directory.CreateTempSubdirectory("ranking-empty-").FullName;
        try
        {
            Assert.Equal(CommandErrors.BadInput, await cli.RunAsync("dev", "up", "--state", _state, "--data", empty, "--models", RepoPaths.Models));
            Assert.Equal($"error: --data: {Path.Combine(empty, "items.jsonl")} is missing\n", cli.Error);
            using var models = new TestCli();
            Assert.Equal(CommandErrors.BadInput, await models.RunAsync("dev", "up", "--state", _state, "--data", RepoPaths.Marketplace, "--models", empty));
            Assert.Equal($"error: --models: {empty} holds no model package (<name>/<version>/manifest.json)\n", models.Error);
            Assert.False(Directory.Exists(_state));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}

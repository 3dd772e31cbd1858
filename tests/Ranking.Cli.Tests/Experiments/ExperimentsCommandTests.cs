using System.Text.Json;
using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests.Experiments;

/// <summary><c>ranking experiments ...</c> against a registry table in dynalite, and against serve's local folder.</summary>
[Collection(AwsLoopbackCollection.Name)]
public sealed class ExperimentsCommandTests(AwsLoopbackFixture aws) : IAsyncLifetime
{
    private readonly string _local = Directory.CreateTempSubdirectory("ranking-experiments-cli-").FullName;
    private string _table = null!;

    public async Task InitializeAsync()
    {
        _table = await aws.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var registry = new DynamoModelRegistry(aws.Clients.DynamoDb(), _table, TimeProvider.System, () => 0.5);
        foreach (var (version, status) in new[] { ("2", ModelStatus.Validated), ("3", ModelStatus.Rejected) })
        {
            await registry.TryRegisterAsync(new ModelVersionRecord
            {
                Name = "feed-ltr", Version = version, Status = status, Reason = status == ModelStatus.Rejected ? "quality: worse" : null,
                Sha256 = new string('a', 64), Location = "s3://b/models/feed-ltr/" + version + "/", Metrics = new(StringComparer.Ordinal),
                PublishedAt = TestCli.Now, UpdatedAt = TestCli.Now,
            }, CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_local, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Start_ShowStopList_AgainstTheTable()
    {
        var start = await TableAsync("experiments", "start", "--surface", "feed", "--id", "feed-dec", "--variant", "control=live@0.9", "--variant", "treatment=feed-ltr:2@0.1", "--max-p99-ms", "150");
        Assert.Equal((0, ""), (start.Exit, start.Error));
        Assert.Equal($"started experiment feed-dec (ab) on feed in table {_table}: control=live@0.9, treatment=feed-ltr:2@0.1\n", start.Output);

        var show = await TableAsync("experiments", "show", "--surface", "feed", "--json");
        using (var json = JsonDocument.Parse(show.Output))
        {
            Assert.Equal("feed-dec", json.RootElement.GetProperty("id").GetString());
            Assert.Equal(150, json.RootElement.GetProperty("guardrail").GetProperty("maxP99Ms").GetDouble());
            Assert.Equal(TestCli.Now, json.RootElement.GetProperty("startedAt").GetDateTimeOffset());
        }

        var again = await TableAsync("experiments", "start", "--surface", "feed", "--id", "feed-jan", "--variant", "a=live", "--variant", "b=feed-ltr:2");
        Assert.Equal(2, again.Exit);
        Assert.Equal("error: surface feed already runs experiment feed-dec (started 2026-11-01 12:00 UTC): stop it first.\n", again.Error);

        var stop = await TableAsync("experiments", "stop", "--surface", "feed");
        Assert.Equal((0, "stopped experiment feed-dec on feed after 0 h\n"), (stop.Exit, stop.Output));
        Assert.Equal("error: no experiment is running on feed.\n", (await TableAsync("experiments", "stop", "--surface", "feed")).Error);

        var list = await TableAsync("experiments", "list", "--json");
        using var listed = JsonDocument.Parse(list.Output);
        var only = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.Equal(TestCli.Now, only.GetProperty("stoppedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Start_WithProblems_NamesEveryOne_AndWritesNothing()
    {
        var (exit, output, error) = await TableAsync(
            "experiments", "start", "--surface", "feed", "--id", "feed-dec",
            "--variant", "control=live@0.5", "--variant", "treatment=feed-ltr:3@0.3", "--variant", "other=feed-ltr:9@0.1");

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal(
            "error: experiment feed-dec not started:\n"
            + "  shares sum to 0.9, not 1\n"
            + "  variants[1].model feed-ltr:3 was rejected (quality: worse)\n"
            + $"  variants[2].model feed-ltr:9 is not registered in table {_table}\n",
            error);
        Assert.Equal($"no experiments in table {_table}\n", (await TableAsync("experiments", "list")).Output);
    }

    [Theory]
    [InlineData("control", "--variant 'control' is not NAME=MODEL[@SHARE] (MODEL: live or name:version)")]
    [InlineData("control=live@half", "--variant 'control=live@half': share 'half' is not a number")]
    public async Task Start_WithAMalformedVariant_SaysWhich(string variant, string message)
    {
        var (exit, _, error) = await TableAsync("experiments", "start", "--surface", "feed", "--id", "x", "--variant", variant, "--variant", "b=live");

        Assert.Equal((2, $"error: {message}\n"), (exit, error));
    }

    [Fact]
    public async Task Show_OfASurfaceWithoutAnExperiment_SaysSo()
    {
        var (exit, output, error) = await TableAsync("experiments", "show", "--surface", "search");

        Assert.Equal((2, "", "error: surface search has no experiment.\n"), (exit, output, error));
    }

    [Fact]
    public async Task Start_Local_WritesTheFileServeReads_CheckingVersionsInTheModelsFolder()
    {
        var models = Path.Combine(RepoRoot.Find(), "samples", "models");
        using var ok = new TestCli();
        var exit = await ok.RunAsync(["experiments", "start", "--local", _local, "--models", models, "--surface", "feed", "--id", "feed-dec", "--mode", "interleave",
            "--variant", "control=live", "--variant", "treatment=feed-ltr:1"]);
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(_local, "feed.json")));

        using var missing = new TestCli();
        Assert.Equal(2, await missing.RunAsync(["experiments", "start", "--local", _local, "--models", models, "--surface", "search", "--id", "s",
            "--variant", "a=live", "--variant", "b=search-ltr:4"]));
        Assert.Contains($"variants[1].model search-ltr:4 has no package in {models} ({Path.Combine("search-ltr", "4", "manifest.json")} is missing)", missing.Error, StringComparison.Ordinal);

        using var list = new TestCli();
        Assert.Equal(0, await list.RunAsync(["experiments", "list", "--local", _local]));
        Assert.Contains("feed-dec", list.Output, StringComparison.Ordinal);
        Assert.Contains("interleave", list.Output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> TableAsync(params string[] args)
    {
        using var cli = new TestCli { Aws = aws.Clients };
        var exit = await cli.RunAsync([.. args, "--registry-table", _table]);
        return (exit, cli.Output, cli.Error);
    }
}

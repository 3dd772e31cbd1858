using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Testing.Seams;

namespace Ranking.Cli.Tests.Registry;

/// <summary><c>ranking models ...</c> over a fresh registry table in dynalite per test.</summary>
[Collection(AwsLoopbackCollection.Name)]
public sealed class ModelsCommandTests(AwsLoopbackFixture aws) : IAsyncLifetime
{
    private const string Name = "feed-ltr";
    private string _table = null!;

    public async Task InitializeAsync() => _table = await aws.CreateTableAsync(TableDefinitions.CreateModelsTable);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task List_EmptyRegistry_SaysSo()
    {
        var (exit, output, error) = await RunAsync("models", "list");

        Assert.Equal(0, exit);
        Assert.Equal("no model versions registered\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task List_MarksTheLiveVersion()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, output, _) = await RunAsync("models", "list", "--name", Name);

        Assert.Equal(0, exit);
        Assert.Matches(@"│ feed-ltr │ 1 \* +│ live +│ 0\.6000 +│ 2026-11-01 12:00 UTC │", output);
        Assert.Matches(@"│ feed-ltr │ 2 +│ published +│ 0\.7000 +│", output);
        Assert.Contains("* = the live alias", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithJson_GivesEveryVersionAndWhichIsLive()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, output, _) = await RunAsync("models", "list", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var versions = json.RootElement.EnumerateArray().ToDictionary(v => v.GetProperty("version").GetString()!, v => v);
        Assert.True(versions["1"].GetProperty("live").GetBoolean());
        Assert.Equal("published", versions["2"].GetProperty("status").GetString());
        Assert.False(versions["2"].GetProperty("live").GetBoolean());
        Assert.Equal(0.7, versions["2"].GetProperty("metrics").GetProperty("ndcg@10").GetDouble());
    }

    [Fact]
    public async Task Show_WithJson_GivesTheVersionAndTheAlias()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, output, _) = await RunAsync("models", "show", "--name", Name, "--version", "2", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("2", json.RootElement.GetProperty("model").GetProperty("version").GetString());
        Assert.Equal("1", json.RootElement.GetProperty("live").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Show_LiveVersion_SaysItIsTheAlias()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, output, _) = await RunAsync("models", "show", "--name", Name, "--version", "1");

        Assert.Equal(0, exit);
        Assert.Matches(@"status +live \(live alias\)", output);
        Assert.Matches(@"ndcg@10 +0\.6000", output);
    }

    [Fact]
    public async Task Show_UnknownVersion_FailsNamingIt()
    {
        var (exit, output, error) = await RunAsync("models", "show", "--name", Name, "--version", "9");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: feed-ltr/9 is not registered.\n", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Promote_PublishedVersion_IsRefusedWithTheRegistrysReason()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, _, error) = await RunAsync("models", "promote", "--name", Name, "--version", "2");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("published", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_PublishedVersion_RejectsIt_AndASecondTimeIsRefused()
    {
        await SeedLiveAndPublishedAsync();

        var first = await RunAsync("models", "reject", "--name", Name, "--version", "2", "--reason", "worse on search");
        var second = await RunAsync("models", "reject", "--name", Name, "--version", "2", "--reason", "again");

        Assert.Equal((0, "feed-ltr/2 rejected (was published).\n", ""), first);
        Assert.Equal((CommandErrors.BadInput, "", "error: feed-ltr/2 is already rejected (worse on search).\n"), second);
    }

    [Fact]
    public async Task Reject_LiveVersion_IsRefused()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, _, error) = await RunAsync("models", "reject", "--name", Name, "--version", "1", "--reason", "oops");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: feed-ltr/1 is live: promote another version or roll back first.\n", error);
    }

    [Fact]
    public async Task Promote_ThenRollback_MovesTheAliasAndBack()
    {
        await SeedLiveAndPublishedAsync();
        using (var client = aws.Clients.DynamoDb())
        {
            Assert.True(await new DynamoModelRegistry(client, _table, TimeProvider.System, Randomizers.Midpoint).TryUpdateStatusAsync(Name, "2", ModelStatus.Published, ModelStatus.Validated, null, CancellationToken.None));
        }

        var promote = await RunAsync("models", "promote", "--name", Name, "--version", "2");
        var rollback = await RunAsync("models", "rollback", "--name", Name);

        Assert.Equal(0, promote.Exit);
        Assert.Equal(0, rollback.Exit);
        Assert.Contains("2", promote.Output, StringComparison.Ordinal);
        Assert.Contains("1", rollback.Output, StringComparison.Ordinal);
        var show = await RunAsync("models", "show", "--name", Name, "--version", "1", "--json");
        using var json = JsonDocument.Parse(show.Output);
        Assert.Equal("1", json.RootElement.GetProperty("live").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Rollback_WithoutHistory_IsRefused()
    {
        await SeedLiveAndPublishedAsync();

        var (exit, output, error) = await RunAsync("models", "rollback", "--name", Name);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Show_WithoutVersion_IsAParseErrorNamingIt()
    {
        var (exit, _, error) = await RunAsync("models", "show", "--name", Name);

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("Option '--version' is required.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnreachableEndpoint_FailsWithOneLine()
    {
        using var cli = new TestCli { Aws = TestAws.Refusing() };

        var exit = await cli.RunAsync("models", "list");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
    }

    /// <summary>Version 1 validated and promoted (live), version 2 published after it.</summary>
    private async Task SeedLiveAndPublishedAsync()
    {
        using var client = aws.Clients.DynamoDb();
        var registry = new DynamoModelRegistry(client, _table, TimeProvider.System, Randomizers.Midpoint);
        Assert.True(await registry.TryRegisterAsync(Version("1", ModelStatus.Validated, 0.6), CancellationToken.None));
        Assert.Equal(RegistryOutcome.Done, (await registry.PromoteAsync(Name, "1", CancellationToken.None)).Outcome);
        Assert.True(await registry.TryRegisterAsync(Version("2", ModelStatus.Published, 0.7), CancellationToken.None));
    }

    private static ModelVersionRecord Version(string version, ModelStatus status, double ndcg) => new()
    {
        Name = Name,
        Version = version,
        Status = status,
        Sha256 = new string('a', 64),
        Location = $"s3://models/models/{Name}/{version}/",
        Metrics = new(StringComparer.Ordinal) { ["ndcg@10"] = ndcg },
        PublishedAt = TestCli.Now,
        UpdatedAt = TestCli.Now,
    };

    /// <summary>One command line against this test's table.</summary>
    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var cli = new TestCli { Aws = aws.Clients };
        var exit = await cli.RunAsync([.. args, "--registry-table", _table]);
        return (exit, cli.Output, cli.Error);
    }
}

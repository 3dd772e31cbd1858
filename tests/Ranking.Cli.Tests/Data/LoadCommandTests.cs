using Amazon.DynamoDBv2.Model;
using Ranking.Cli.Invocation;
using Ranking.Cli.Tests.Serve;
using Ranking.Stores.Tables;

namespace Ranking.Cli.Tests.Data;

/// <summary><c>ranking load</c>: its input errors without AWS, and one load into dynalite.</summary>
[Collection(AwsLoopbackCollection.Name)]
public sealed class LoadCommandTests(AwsLoopbackFixture aws) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-load-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Load_WithCreateTables_CreatesThemAndLoadsEveryRecord()
    {
        var data = ServerFixture.WriteMarketplace(Path.Combine(_directory, "marketplace"));
        var (items, users, feeds) = (AwsLoopbackFixture.NewName("items"), AwsLoopbackFixture.NewName("users"), AwsLoopbackFixture.NewName("feeds"));
        using var cli = new TestCli { Aws = aws.Clients };

        var exit = await cli.RunAsync(
            "load", "--create-tables",
            "--items", Path.Combine(data, "items.jsonl"), "--users", Path.Combine(data, "users.jsonl"), "--feeds", Path.Combine(data, "feeds.jsonl"),
            "--items-table", items, "--users-table", users, "--feeds-table", feeds);

        Assert.Equal(0, exit);
        Assert.Equal("", cli.Error);
        foreach (var table in new[] { items, users, feeds })
        {
            Assert.Contains($"table {table} created\n", cli.Output, StringComparison.Ordinal);
        }

        Assert.Contains($"loaded 4 items into {items}\nloaded 1 users into {users}\nloaded 1 feeds into {feeds}\n", cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"\ndone in \d+\.\d s\n$", cli.Output);
        using var client = aws.Clients.DynamoDb();
        var scan = await client.ScanAsync(new ScanRequest(items));
        Assert.Equal(4, scan.Count);
    }

    [Fact]
    public async Task Load_WithJson_PrintsOneSummary_AndTheRowsAreThere()
    {
        var data = ServerFixture.WriteMarketplace(Path.Combine(_directory, "marketplace"));
        var users = await aws.CreateTableAsync(TableDefinitions.CreateUsersTable);
        var items = AwsLoopbackFixture.NewName("items");
        using var cli = new TestCli { Aws = aws.Clients };

        var exit = await cli.RunAsync(
            "load", "--create-tables", "--items", Path.Combine(data, "items.jsonl"), "--users", Path.Combine(data, "users.jsonl"),
            "--items-table", items, "--users-table", users, "--json");

        Assert.Equal(0, exit);
        using var summary = System.Text.Json.JsonDocument.Parse(cli.Output);
        var tables = summary.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("what").GetString()!);
        Assert.Equal((items, 4, true), (tables["items"].GetProperty("table").GetString(), tables["items"].GetProperty("rows").GetInt32(), tables["items"].GetProperty("created").GetBoolean()));
        Assert.Equal((users, 1, false), (tables["users"].GetProperty("table").GetString(), tables["users"].GetProperty("rows").GetInt32(), tables["users"].GetProperty("created").GetBoolean()));
        using var client = aws.Clients.DynamoDb();
        Assert.Equal(4, (await client.ScanAsync(new ScanRequest(items))).Count);
    }

    [Fact]
    public async Task Load_IntoExistingTables_SaysTheyExist()
    {
        var data = ServerFixture.WriteMarketplace(Path.Combine(_directory, "marketplace"));
        var users = await aws.CreateTableAsync(TableDefinitions.CreateUsersTable);
        using var cli = new TestCli { Aws = aws.Clients };

        var exit = await cli.RunAsync("load", "--create-tables", "--users", Path.Combine(data, "users.jsonl"), "--users-table", users);

        Assert.Equal(0, exit);
        Assert.StartsWith($"table {users} exists\n", cli.Output, StringComparison.Ordinal);
        Assert.Contains($"loaded 1 users into {users}\n", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NothingToLoad_NamesTheOptions()
    {
        using var cli = new TestCli();

        var exit = await cli.RunAsync("load", "--create-tables");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: nothing to load: give at least one of --items, --users, --feeds.\n", cli.Error);
    }

    [Fact]
    public async Task Load_MissingFile_FailsNamingIt_BeforeAnyAwsCall()
    {
        using var cli = new TestCli();
        var path = Path.Combine(_directory, "items.jsonl");

        var exit = await cli.RunAsync("load", "--items", path);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", cli.Error, StringComparison.Ordinal);
        Assert.Contains(path, cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_MalformedLine_FailsNamingTheFile()
    {
        using var cli = new TestCli();
        var path = Path.Combine(_directory, "users.jsonl");
        await File.WriteAllTextAsync(path, "{ not json\n");

        var exit = await cli.RunAsync("load", "--users", path);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", cli.Error, StringComparison.Ordinal);
        Assert.Contains("users.jsonl", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UnreachableEndpoint_FailsWithOneLine()
    {
        var data = ServerFixture.WriteMarketplace(Path.Combine(_directory, "marketplace"));
        using var cli = new TestCli { Aws = TestAws.Refusing() };

        var exit = await cli.RunAsync("load", "--create-tables", "--users", Path.Combine(data, "users.jsonl"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
    }
}

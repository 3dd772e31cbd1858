using Ranking.Cli.Invocation;
using Ranking.Stores.Tables;

namespace Ranking.Cli.Tests.Registry;

/// <summary><c>ranking publish</c> of the committed feed-ltr package to s3rver and dynalite, and its failures.</summary>
[Collection(AwsLoopbackCollection.Name)]
public sealed class PublishCommandTests(AwsLoopbackFixture aws)
{
    private static readonly string s_package = Path.Combine(RepoPaths.Models, "feed-ltr", "1");

    [Fact]
    public async Task Publish_SamplePackage_ReportsEachUploadAndTheRegisteredVersion()
    {
        var table = await aws.CreateTableAsync(TableDefinitions.CreateModelsTable);
        using var cli = new TestCli { Aws = aws.Clients };

        var exit = await cli.RunAsync("publish", "--model", s_package, "--bucket", aws.Bucket, "--registry-table", table);

        Assert.Equal(0, exit);
        Assert.Equal("", cli.Error);
        var lines = cli.Output.TrimEnd('\n').Split('\n');
        var files = Directory.GetFiles(s_package).Length;
        Assert.Equal(files + 1, lines.Length);
        Assert.All(lines[..^1], line => Assert.Matches($@"^\[\d/{files}\] uploaded \S+ \(\d+\.\d KiB\)$", line));
        Assert.StartsWith($"[{files}/{files}] uploaded manifest.json", lines[^2], StringComparison.Ordinal);
        Assert.Equal($"published feed-ltr/1 at s3://{aws.Bucket}/models/feed-ltr/1/", lines[^1]);
    }

    [Fact]
    public async Task Publish_WithJson_PrintsTheRegisteredVersionAndEveryFileAsOneObject()
    {
        var table = await aws.CreateTableAsync(TableDefinitions.CreateModelsTable);
        using var cli = new TestCli { Aws = aws.Clients };

        var exit = await cli.RunAsync("publish", "--model", s_package, "--bucket", aws.Bucket, "--registry-table", table, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", cli.Error);
        using var json = System.Text.Json.JsonDocument.Parse(cli.Output);
        var model = json.RootElement.GetProperty("model");
        Assert.Equal(("feed-ltr", "1", "published", false), (model.GetProperty("name").GetString(), model.GetProperty("version").GetString(), model.GetProperty("status").GetString(), model.GetProperty("live").GetBoolean()));
        Assert.Equal($"s3://{aws.Bucket}/models/feed-ltr/1/", model.GetProperty("location").GetString());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(s_package).Select(Path.GetFileName).Order(StringComparer.Ordinal), files.Select(f => f.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(new FileInfo(Path.Combine(s_package, f.GetProperty("file").GetString()!)).Length, f.GetProperty("bytes").GetInt64()));
    }

    [Fact]
    public async Task Publish_SameVersionAgain_IsRefusedNamingIt()
    {
        var table = await aws.CreateTableAsync(TableDefinitions.CreateModelsTable);
        using var first = new TestCli { Aws = aws.Clients };
        Assert.Equal(0, await first.RunAsync("publish", "--model", s_package, "--bucket", aws.Bucket, "--registry-table", table));
        using var cli = new TestCli { Aws = aws.Clients };

        var exit = await cli.RunAsync("publish", "--model", s_package, "--bucket", aws.Bucket, "--registry-table", table);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: feed-ltr/1 is already registered (published, ", cli.Error, StringComparison.Ordinal);
        Assert.EndsWith("give the package a new version.\n", cli.Error, StringComparison.Ordinal);
        Assert.Equal("", cli.Output);
    }

    [Fact]
    public async Task Publish_MissingFolder_FailsNamingIt_BeforeAnyAwsCall()
    {
        using var cli = new TestCli();
        var folder = Path.Combine(Path.GetTempPath(), "absent-" + Guid.NewGuid().ToString("N"));

        var exit = await cli.RunAsync("publish", "--model", folder, "--bucket", "models");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: --model {folder} is not a folder.\n", cli.Error);
    }

    [Fact]
    public async Task Publish_UnreachableEndpoints_FailsWithOneLine()
    {
        using var cli = new TestCli { Aws = TestAws.Refusing() };

        var exit = await cli.RunAsync("publish", "--model", s_package, "--bucket", "models");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithoutBucket_IsAParseErrorNamingIt()
    {
        using var cli = new TestCli();

        var exit = await cli.RunAsync("publish", "--model", s_package);

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("Option '--bucket' is required.", cli.Error, StringComparison.Ordinal);
    }
}

using Ranking.Cli.Invocation;

namespace Ranking.Cli.Tests.Training;

/// <summary><c>ranking generate-sample</c>: the full sample (a few seconds with its logs), with and without logs, and its failures.</summary>
public sealed class GenerateSampleCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-sample-").FullName;
    private readonly TestCli _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task GenerateSample_IntoNewFolder_WritesTheFilesAndASummary()
    {
        var output = Path.Combine(_directory, "marketplace");

        var exit = await _cli.RunAsync("generate-sample", "--out", output, "--seed", "11");

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        foreach (var file in new[] { "items.jsonl", "users.jsonl", "feeds.jsonl", "impressions.jsonl" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        var lines = _cli.Output.Split('\n');
        Assert.Matches($@"^wrote {System.Text.RegularExpressions.Regex.Escape(output)} \(seed 11, \d+ KiB, \d+\.\d s\)$", lines[0]);
        Assert.Equal("  items 3000, users 600, feeds 600", lines[1]);
        Assert.Matches(@"^  sessions \d+: impressions \d+, clicks \d+ \(\d+\.\d%\), purchases \d+, sessions with a click \d+$", lines[2]);
        Assert.Matches(@"^  logs \d+\.\d MiB \(8000 impression records, \d+ events\), truth \d+\.\d MiB$", lines[3]);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "logs", "impressions"), "sample.jsonl", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(output, "truth", "truth.jsonl")));
    }

    [Fact]
    public async Task GenerateSample_NoLogs_WritesNeitherLogsNorTruth()
    {
        var output = Path.Combine(_directory, "marketplace");

        var exit = await _cli.RunAsync("generate-sample", "--out", output, "--no-logs");

        Assert.Equal(0, exit);
        Assert.Equal(["README.md", "feeds.jsonl", "impressions.jsonl", "items.jsonl", "sellers.jsonl", "users.jsonl"],
            Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(3, _cli.Output.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task GenerateSample_Json_PrintsTheSummaryAsOneObject()
    {
        var output = Path.Combine(_directory, "marketplace");

        var exit = await _cli.RunAsync("generate-sample", "--out", output, "--no-logs", "--json");

        Assert.Equal(0, exit);
        using var summary = System.Text.Json.JsonDocument.Parse(_cli.Output);
        var root = summary.RootElement;
        Assert.Equal(Path.GetFullPath(output), root.GetProperty("directory").GetString());
        Assert.Equal(3000, root.GetProperty("items").GetInt32());
        Assert.Equal(600, root.GetProperty("users").GetInt32());
        Assert.Equal(600, root.GetProperty("feeds").GetInt32());
        Assert.True(root.GetProperty("clicks").GetInt32() < root.GetProperty("impressions").GetInt32());
        Assert.Equal(0, root.GetProperty("logBytes").GetInt64());
        Assert.Equal(Directory.GetFiles(output).Sum(f => new FileInfo(f).Length), root.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task GenerateSample_OutIsAFile_FailsWithOneLine()
    {
        var file = Path.Combine(_directory, "taken");
        await File.WriteAllTextAsync(file, "");

        var exit = await _cli.RunAsync("generate-sample", "--out", file);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: The file '{file}' already exists.\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task GenerateSample_NonNumericSeed_IsAParseError()
    {
        var exit = await _cli.RunAsync("generate-sample", "--out", _directory, "--seed", "seven");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("'seven'", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("--seed", _cli.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Tests.Serve;
using Ranking.Testing.Datasets;

namespace Ranking.Cli.Tests.Datasets;

/// <summary><c>ranking dataset build</c> over the logs a real <c>serve</c> wrote, with event lines in the Events API writer's shape.</summary>
public sealed class DatasetBuildCommandTests : IDisposable
{
    private const string Day = "2026-11-01";
    private readonly LogFolder _logs = new();
    private readonly TestCli _cli = new();

    private string Logs => _logs.Path;

    private string Output => _logs.Output;

    public void Dispose()
    {
        _cli.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Build_OverServeLogs_WritesARowPerLoggedItemWithItsLoggedFeaturesAndLabel()
    {
        var ranked = await ServeAsync(3);
        // The server's clock is pinned at 12:00, so are its impressions' times.
        var events = AppendEvents(
            Event("click", ranked[0].Id, ranked[0].Items[0], "12:01:00Z"),
            Event("purchase", ranked[0].Id, ranked[0].Items[1], "12:05:00Z"),
            Event("click", ranked[1].Id, ranked[1].Items[0], "12:45:00Z"),
            "{\"log\":\"event\",\"type\":\"click\"",
            Event("like", ranked[2].Id, ranked[2].Items[2], "12:29:59Z"));

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output);

        Assert.Equal(0, exit);
        Assert.Equal("", _cli.Error);
        var rows = ParquetRows.Read(Output);
        var expected = ranked.OrderBy(r => r.Id, StringComparer.Ordinal).SelectMany(r => r.Items.Select((item, i) => (r.Id, Position: i + 1))).ToList();
        Assert.Equal(expected, rows.Select(r => ((string)r["impressionId"]!, (int)r["position"]!)));
        var labels = rows.ToDictionary(r => ((string)r["impressionId"]!, (int)r["position"]!), r => (int)r["label"]!);
        Assert.Equal(1, labels[(ranked[0].Id, 1)]);
        Assert.Equal(3, labels[(ranked[0].Id, 2)]);
        Assert.Equal(0, labels[(ranked[1].Id, 1)]);
        Assert.Equal(1, labels[(ranked[2].Id, 3)]);
        Assert.Equal(6, labels.Values.Count(l => l == 0));
        AssertFeaturesAreTheLoggedValues(rows);
        Assert.Contains($"malformed: {events}:4: not JSON", _cli.Output, StringComparison.Ordinal);
        Assert.Contains($"wrote {Output}: 9 rows", _cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_OverARecordServeSplitAndARetriedPart_GivesEachPositionOnce()
    {
        // 1,000 candidates with long ids make a record over the writer's 200 KB: serve logs it in parts.
        var candidates = string.Join(',', Enumerable.Range(0, 1000).Select(i => $$"""{"itemId":"i_{{i:D4}}_{{new string('x', 120)}}"}"""));
        var server = await ServerFixture.StartAsync(RepoPaths.Models, logDirectory: Logs);
        string id;
        try
        {
            var (status, body) = await server.PostRankAsync($$"""{"surface":"feed","userId":"u_1","candidates":[{{candidates}}]}""");
            Assert.Equal(200, status);
            id = body.GetProperty("requestId").GetString()!;
        }
        finally
        {
            await server.DisposeAsync();
        }

        var lines = Directory.GetFiles(Path.Combine(Logs, "impressions"), "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).ToList();
        Assert.True(lines.Count > 1, "the record was not split");
        _logs.Impression(Day, lines[0], hour: 13);

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output, "--json");

        Assert.Equal(0, exit);
        var rows = ParquetRows.Read(Output);
        Assert.Equal(Enumerable.Range(1, 1000), rows.Select(r => (int)r["position"]!));
        Assert.All(rows, r => Assert.Equal(id, r["impressionId"]));
        using var json = JsonDocument.Parse(_cli.Output);
        Assert.Equal(1, json.RootElement.GetProperty("duplicateRecords").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("impressions").GetInt64());
    }

    [Fact]
    public async Task Build_WithJson_PrintsTheSummary()
    {
        var ranked = await ServeAsync(2);
        AppendEvents(Event("add_to_cart", ranked[1].Id, ranked[1].Items[0], "12:10:00Z"), Event("click", null, ranked[1].Items[1], "12:10:00Z"));

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output, "--json", "--drop-unlabelled-groups");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_cli.Output);
        var root = json.RootElement;
        Assert.Equal((2L, 2L, 3L, 1L, 1L), (root.GetProperty("lines").GetInt64() - root.GetProperty("events").GetInt64(), root.GetProperty("impressions").GetInt64(),
            root.GetProperty("rows").GetInt64(), root.GetProperty("groups").GetInt64(), root.GetProperty("groupsWithPositiveLabel").GetInt64()));
        Assert.Equal("""{"0":2,"2":1}""", root.GetProperty("labels").GetRawText());
        Assert.Equal(1, root.GetProperty("eventsWithoutImpression").GetInt64());
        Assert.Equal(0, root.GetProperty("malformed").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Build_Strict_FailsNamingTheFirstMalformedLine()
    {
        await ServeAsync(1);
        var events = AppendEvents("{\"log\":\"event\",\"type\":\"click\",\"itemId\":\"i_1\",\"time\":\"noon\"}");

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output, "--strict");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: malformed log line {events}:1: time must be an ISO 8601 time (strict: the build stops at the first)\n", _cli.Error);
        Assert.False(File.Exists(Output));
    }

    [Theory]
    [InlineData("--surface", "Feed!", "--surface: 'Feed!' is not a surface name ([a-z0-9_-]{1,32})")]
    [InlineData("--attribution", "30x", "--attribution: '30x' is not a duration such as 45s, 30m, 2h or 7d (at most a year)")]
    [InlineData("--labels", "click=a", "--labels: the grade in 'click=a' is not a whole number from 0 to 30")]
    [InlineData("--labels", "buy=3", "--labels: 'buy' is not an event type (view, click, like, add_to_cart, purchase)")]
    [InlineData("--from", "2026-13-01", "--from: '2026-13-01' is not a day YYYY-MM-DD")]
    [InlineData("--to", "yesterday", "--to: 'yesterday' is not a day YYYY-MM-DD")]
    [InlineData("--out", "feed.csv", "--out: 'feed.csv' must name a .parquet file")]
    public async Task Build_BadOption_FailsNamingIt(string option, string value, string message)
    {
        string[] args = ["dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output];
        var index = Array.IndexOf(args, option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args = [.. args, option, value];
        }

        var exit = await _cli.RunAsync(args);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {message}\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Build_FromAfterTo_FailsNamingBoth()
    {

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output, "--from", "2026-11-02", "--to", "2026-11-01");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: --from 2026-11-02 is after --to 2026-11-01\n", _cli.Error);
    }

    [Fact]
    public async Task Build_MissingLogFolder_FailsNamingTheOption()
    {
        var missing = Path.Combine(Logs, "nowhere");

        var exit = await _cli.RunAsync("dataset", "build", "--logs", missing, "--surface", "feed", "--out", Output);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: --logs: folder {missing} does not exist\n", _cli.Error);
    }

    [Fact]
    public async Task Build_NoLogsInTheRange_FailsNamingTheFolderAndDays()
    {

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Output, "--from", "2026-11-01", "--to", "2026-11-02");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: no impression log files under {Path.Combine(Logs, "impressions")} for dt 2026-11-01 to 2026-11-02\n", _cli.Error);
    }

    [Fact]
    public async Task Build_OutputInAFolderThatCannotBeMade_FailsWithExit2()
    {
        await ServeAsync(1);
        var blocker = Path.Combine(Logs, "file");
        File.WriteAllText(blocker, "");

        var exit = await _cli.RunAsync("dataset", "build", "--logs", Logs, "--surface", "feed", "--out", Path.Combine(blocker, "feed.parquet"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WithoutRequiredOptions_IsAParseError()
    {
        var exit = await _cli.RunAsync("dataset", "build", "--surface", "feed");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("--logs", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("--out", _cli.Error, StringComparison.Ordinal);
    }

    /// <summary>Ranks <paramref name="requests"/> times through a real serve logging to <see cref="Logs"/>, then stops it (which flushes the log).</summary>
    private async Task<List<(string Id, List<string> Items)>> ServeAsync(int requests)
    {
        var ranked = new List<(string, List<string>)>();
        var server = await ServerFixture.StartAsync(RepoPaths.Models, logDirectory: Logs);
        try
        {
            for (var i = 0; i < requests; i++)
            {
                var (status, body) = await server.PostRankAsync("""{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"}]}""");
                Assert.Equal(200, status);
                ranked.Add((body.GetProperty("requestId").GetString()!, [.. body.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("itemId").GetString()!)]));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        return ranked;
    }

    /// <returns>The file's path relative to the logs folder.</returns>
    private string AppendEvents(params string[] lines)
    {
        var file = "";
        foreach (var line in lines)
        {
            file = _logs.Event(Day, line, hour: 12);
        }

        return file;
    }

    private static string Event(string type, string? impressionId, string itemId, string time) => LogFolder.EventRecord(type, impressionId, itemId, $"{Day}T{time}");

    /// <summary>Every feature column holds, as a float, the value the impression record logged for that item (null for NaN).</summary>
    private void AssertFeaturesAreTheLoggedValues(List<Dictionary<string, object?>> rows)
    {
        var compared = 0;
        foreach (var line in Directory.GetFiles(Path.Combine(Logs, "impressions"), "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines))
        {
            using var record = JsonDocument.Parse(line);
            var id = record.RootElement.GetProperty("impressionId").GetString();
            var features = record.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
            Assert.NotEmpty(features);
            foreach (var item in record.RootElement.GetProperty("items").EnumerateArray())
            {
                var row = rows.Single(r => (string)r["impressionId"]! == id && (int)r["position"]! == item.GetProperty("position").GetInt32());
                var values = item.GetProperty("values").EnumerateArray().ToList();
                for (var f = 0; f < features.Count; f++)
                {
                    Assert.Equal(values[f].ValueKind == JsonValueKind.Null ? null : values[f].GetSingle(), (float?)row[features[f]]);
                    compared++;
                }
            }
        }

        Assert.Equal(9 * (rows[0].Count - 8), compared);
    }
}

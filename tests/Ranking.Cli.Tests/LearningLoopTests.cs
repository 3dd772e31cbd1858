using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Tests.Serve;

namespace Ranking.Cli.Tests;

/// <summary>
/// The learning loop end to end, as issue 9's "done means" runs it: serve logs what it ranked and the events the
/// app sends; dataset build joins them; train learns from the logged values; evaluate scores a slice; and a serve
/// running the old model hot-swaps to the new one, which ranks what the users chose first.
/// </summary>
public sealed class LearningLoopTests : IDisposable
{
    private const int Requests = 240;
    private static readonly string[] s_items = ["i_1", "i_2", "i_3"];

    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-loop-").FullName;
    private readonly TestCli _cli = new();

    private string? _models;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
        if (_models is not null)
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public async Task ServeLogs_DatasetBuild_TrainLogged_Evaluate_ThenServeHotSwapsToTheNewModel()
    {
        var models = _models = RepoPaths.CopyModels();
        var logs = Path.Combine(_directory, "logs");
        await LogTrafficAsync(models, logs);

        // A serve on the old model, running while the new one is built: it must swap without a restart.
        await using var server = await ServerFixture.StartAsync(models);
        var dataset = Path.Combine(_directory, "feed.parquet");
        Assert.Equal(0, await _cli.RunAsync("dataset", "build", "--logs", logs, "--surface", "feed", "--out", dataset, "--json"));
        using (var summary = JsonDocument.Parse(LastLine(_cli.Output)))
        {
            Assert.Equal(Requests, summary.RootElement.GetProperty("impressions").GetInt32());
            Assert.Equal(Requests * s_items.Length, summary.RootElement.GetProperty("rows").GetInt32());
            Assert.Equal(Requests, summary.RootElement.GetProperty("groupsWithPositiveLabel").GetInt32());
        }

        var staged = Path.Combine(_directory, "staged");
        Assert.Equal(0, await _cli.RunAsync("train", "--format", "logged", "--data", dataset, "--out", staged, "--version", "2", "--trees", "50", "--min-data-in-leaf", "5", "--json"));
        Assert.Equal("", _cli.Error);
        Assert.Equal(0, await _cli.RunAsync("evaluate", "--format", "logged", "--model", staged, "--data", dataset, "--json"));
        using (var metrics = JsonDocument.Parse(LastLine(_cli.Output)))
        {
            // Users always chose i_2: a model that learned from the logs puts it first in (nearly) every impression.
            Assert.True(metrics.RootElement.GetProperty("ndcg@1").GetDouble() > 0.9, LastLine(_cli.Output));
        }

        // Published the way a package writer does: the whole folder appears at once.
        Directory.Move(staged, Path.Combine(models, "feed-ltr", "2"));
        await server.Server.CheckModelsAsync(CancellationToken.None);

        var (status, ranked) = await server.PostRankAsync("""{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_3"},{"itemId":"i_1"},{"itemId":"i_2"}]}""");
        Assert.Equal(200, status);
        Assert.Equal("2", ranked.GetProperty("model").GetProperty("version").GetString());
        Assert.Equal("i_2", ranked.GetProperty("items")[0].GetProperty("itemId").GetString());
    }

    /// <summary>
    /// Ranks the three active items in rotating orders with the shipped model and sends, for each response, a click on
    /// i_2 (a purchase every third time) and now and then a click on i_1; then stops the server, flushing its logs.
    /// </summary>
    private static async Task LogTrafficAsync(string models, string logs)
    {
        await using var server = await ServerFixture.StartAsync(models, logDirectory: logs);
        for (var r = 0; r < Requests; r++)
        {
            var order = Enumerable.Range(0, s_items.Length).Select(i => s_items[(i + r) % s_items.Length]);
            var (status, body) = await server.PostRankAsync(
                $$"""{"surface":"feed","userId":"u_1","candidates":[{{string.Join(",", order.Select(id => $$"""{"itemId":"{{id}}"}"""))}}]}""");
            Assert.Equal(200, status);
            var id = body.GetProperty("requestId").GetString()!;
            var events = new List<string> { Event("click", id, "i_2", 1) };
            if (r % 3 == 0)
            {
                events.Add(Event("purchase", id, "i_2", 4));
            }

            if (r % 5 == 0)
            {
                events.Add(Event("click", id, "i_1", 2));
            }

            var (accepted, answer) = await server.SendAsync(HttpMethod.Post, "/v1/events", $$"""{"events":[{{string.Join(",", events)}}]}""");
            Assert.Equal(202, accepted);
            Assert.Equal(events.Count, answer.GetProperty("accepted").GetInt32());
        }
    }

    private static string Event(string type, string impressionId, string itemId, int minutesAfter) =>
        $$"""{"type":"{{type}}","impressionId":"{{impressionId}}","itemId":"{{itemId}}","userId":"u_1","time":"{{ServerFixture.Now.AddMinutes(minutesAfter).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}"}""";

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1];
}

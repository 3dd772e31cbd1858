using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Core.Ranking;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Handlers.Tests.Impressions;
using Ranking.Testing.Seams;

namespace Ranking.Handlers.Tests.Rank;

/// <summary>Impression records of ranked responses: what they hold, when they are written, and replaying one.</summary>
public sealed partial class RankHandlerTests
{
    private const string LoggedBody = """
        {"surface":"feed","userId":"u_1","query":"levis","context":{"platform":"ios","hour":9},"explain":true,
         "candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"},{"itemId":"i_4"}]}
        """;

    private readonly RecordingSink _sink = new();

    [Fact]
    public async Task Handle_WithAnImpressionLog_LogsTheResponseWithTheValuesItScored()
    {
        using var response = await LoggedAsync(LoggedBody, new ImpressionLogOptions());

        var record = _sink.Single();
        Assert.Equal("impression", record.GetProperty("log").GetString());
        Assert.Equal("r-1", record.GetProperty("impressionId").GetString());
        Assert.Equal(s_now, record.GetProperty("time").GetDateTimeOffset());
        Assert.EndsWith("Z", record.GetProperty("time").GetString(), StringComparison.Ordinal);
        Assert.Equal("feed", record.GetProperty("surface").GetString());
        Assert.Equal("u_1", record.GetProperty("userId").GetString());
        Assert.Equal("levis", record.GetProperty("query").GetString());
        Assert.Equal("ios", record.GetProperty("context").GetProperty("platform").GetString());
        Assert.Equal(9, record.GetProperty("context").GetProperty("hour").GetDouble());
        Assert.Equal("feed-ltr", record.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("fallback").ValueKind);
        Assert.Equal((0, 1), (record.GetProperty("part").GetInt32(), record.GetProperty("parts").GetInt32()));
        var names = record.GetProperty("features").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(14, names.Count);
        var answered = response.RootElement.GetProperty("items").EnumerateArray().ToList();
        var logged = record.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(answered.Select(i => i.GetProperty("itemId").GetString()), logged.Select(i => i.GetProperty("itemId").GetString()));
        for (var r = 0; r < logged.Count; r++)
        {
            Assert.Equal(r + 1, logged[r].GetProperty("position").GetInt32());
            Assert.Equal(answered[r].GetProperty("score").GetDouble(), logged[r].GetProperty("score").GetDouble(), 1e-5);
            var values = logged[r].GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var explained = answered[r].GetProperty("features");
            Assert.Equal(names.Select(n => explained.GetProperty(n).GetDouble()), values.Select(v => Math.Round(v, 6)));
        }
    }

    [Fact]
    public async Task Handle_OnAFallback_LogsTheResponseInItsOrder()
    {
        _catalog.Dispose();
        _catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });

        using var response = await LoggedAsync(Body, new ImpressionLogOptions());

        var record = _sink.Single();
        Assert.Equal(FallbackReason.ModelUnavailable, record.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("model").ValueKind);
        Assert.Empty(record.GetProperty("features").EnumerateArray());
        Assert.Equal(s_candidates, record.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
    }

    [Theory]
    [InlineData(0.5, 0.49, 1)]
    [InlineData(0.5, 0.5, 0)]
    [InlineData(0.0, 0.0, 0)]
    public async Task Handle_WithASampleShare_LogsWhenTheDrawFallsBelowIt(double share, double draw, int records)
    {
        using var response = await LoggedAsync(Body, new ImpressionLogOptions { Sample = new Dictionary<string, double> { ["feed"] = share } }, () => draw);

        Assert.Equal(records, _sink.Records.Count);
    }

    [Fact]
    public async Task Handle_WithATopCap_LogsOnlyTheBestPositions()
    {
        using var response = await LoggedAsync(Body, new ImpressionLogOptions { Top = 2 });

        var logged = _sink.Single().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString());
        Assert.Equal(response.RootElement.GetProperty("items").EnumerateArray().Take(2).Select(i => i.GetProperty("itemId").GetString()), logged);
    }

    [Fact]
    public async Task Handle_WhenTheSinkFails_AnswersAsWithoutALogAndCountsTheFailure()
    {
        _sink.Failure = new IOException("disk full");
        using var expected = await HandleAsync(Body);

        using var response = await LoggedAsync(Body, new ImpressionLogOptions());

        Assert.Equal(expected.RootElement.GetProperty("items").GetRawText(), response.RootElement.GetProperty("items").GetRawText());
        Assert.Equal(1, _metrics.Sum("RecordLogFailures"));
    }

    [Fact]
    public async Task Handle_LeavesTheRecordToWritePending_SoTheRequestPathOnlyCopiesValues()
    {
        var log = new ImpressionLog(_sink, new ImpressionLogOptions(), () => 0, _metrics.Instruments);
        var handler = new RankHandler(_catalog, _store, _store, new RankingOptions(), new FixedTimeProvider(s_now), Randomizers.Midpoint, _metrics.Instruments, log);

        var first = await handler.HandleAsync(Request(LoggedBody), CancellationToken.None);
        var second = await handler.HandleAsync(Request(Body), CancellationToken.None);

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        Assert.Empty(_sink.Records);
        Assert.Equal(2, log.WritePending());
        Assert.Equal(2, _sink.Records.Count);
        Assert.Equal(0, log.WritePending());
    }

    [Fact]
    public async Task Handle_WithTheBacklogFull_AnswersAndCountsTheImpressionAsLost()
    {
        var log = new ImpressionLog(_sink, new ImpressionLogOptions { MaxPending = 1 }, () => 0, _metrics.Instruments);
        var handler = new RankHandler(_catalog, _store, _store, new RankingOptions(), new FixedTimeProvider(s_now), Randomizers.Midpoint, _metrics.Instruments, log);
        using var expected = await HandleAsync(Body);

        _ = await handler.HandleAsync(Request(Body), CancellationToken.None);
        var response = await handler.HandleAsync(Request(Body), CancellationToken.None);

        using var answered = JsonDocument.Parse(response.Body);
        Assert.Equal(expected.RootElement.GetProperty("items").GetRawText(), answered.RootElement.GetProperty("items").GetRawText());
        Assert.Equal(1, _metrics.Sum("RecordLogFailures"));
        Assert.Equal(1, log.WritePending());
    }

    [Fact]
    public async Task Handle_WithARecordOverTheLimit_SplitsItByItemsIntoPartsThatReassemble()
    {
        const int limit = 900;
        using var response = await LoggedAsync(LoggedBody, new ImpressionLogOptions { MaxRecordBytes = limit });

        Assert.True(_sink.Records.Count > 1, $"{_sink.Records.Count} part(s)");
        Assert.All(_sink.Records, r => Assert.True(r.Bytes.Length <= limit, $"a part of {r.Bytes.Length} bytes"));
        var parts = _sink.All();
        Assert.Equal(Enumerable.Range(0, parts.Count), parts.Select(p => p.GetProperty("part").GetInt32()));
        Assert.All(parts, p => Assert.Equal(parts.Count, p.GetProperty("parts").GetInt32()));
        Assert.All(parts, p => Assert.Equal("r-1", p.GetProperty("impressionId").GetString()));
        Assert.All(parts, p => Assert.Equal(14, p.GetProperty("features").GetArrayLength()));
        var items = parts.SelectMany(p => p.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal([1, 2, 3, 4], items.Select(i => i.GetProperty("position").GetInt32()));
        Assert.Equal(
            response.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()),
            items.Select(i => i.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task Replay_OfALoggedImpressionWithItsTime_ScoresWithin1e5OfTheLog()
    {
        using (await LoggedAsync(LoggedBody, new ImpressionLogOptions()))
        {
        }

        var record = _sink.Single();
        var logged = record.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!, i => i.GetProperty("score").GetDouble());
        var replay = $$"""
            {"surface":{{record.GetProperty("surface").GetRawText()}},"userId":{{record.GetProperty("userId").GetRawText()}},
             "query":{{record.GetProperty("query").GetRawText()}},"context":{{record.GetProperty("context").GetRawText()}},
             "time":{{record.GetProperty("time").GetRawText()}},
             "candidates":[{{string.Join(",", logged.Keys.Select(id => $$"""{"itemId":"{{id}}"}"""))}}]}
            """;

        // A month later by the server's clock: only the logged time makes the item ages (and so the scores) match.
        var later = new RankHandler(_catalog, _store, _store, new RankingOptions(), new FixedTimeProvider(s_now.AddDays(30)), Randomizers.Midpoint, _metrics.Instruments);
        var response = await later.HandleAsync(Request(replay), CancellationToken.None);
        using var replayed = JsonDocument.Parse(response.Body);

        var scores = replayed.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!, i => i.GetProperty("score").GetDouble());
        Assert.Equal(logged.Keys.Order(StringComparer.Ordinal), scores.Keys.Order(StringComparer.Ordinal));
        Assert.All(logged, l => Assert.Equal(l.Value, scores[l.Key], 1e-5));
    }

    [Fact]
    public async Task ImpressionRecord_OfALoggedResponse_IsWrittenWithTheSameBytes()
    {
        using var response = await LoggedAsync(LoggedBody, new ImpressionLogOptions());
        var (_, served) = Assert.Single(_sink.Records);
        var logged = JsonDocument.Parse(served).RootElement;
        var copy = new RecordingSink();

        new ImpressionRecord
        {
            Header = new ImpressionHeader
            {
                ImpressionId = logged.GetProperty("impressionId").GetString()!,
                Time = logged.GetProperty("time").GetDateTimeOffset(),
                Surface = logged.GetProperty("surface").GetString()!,
                UserId = logged.GetProperty("userId").GetString(),
                Query = logged.GetProperty("query").GetString(),
                Context = logged.GetProperty("context").EnumerateObject().ToDictionary(
                    p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? ContextValue.Of(p.Value.GetDouble()) : ContextValue.Of(p.Value.GetString()!)),
            },
            ModelName = logged.GetProperty("model").GetProperty("name").GetString(),
            ModelVersion = logged.GetProperty("model").GetProperty("version").GetString(),
            Features = [.. logged.GetProperty("features").EnumerateArray().Select(f => f.GetString()!)],
            Items = [.. logged.GetProperty("items").EnumerateArray().Select(i => new ImpressionRecordItem(
                i.GetProperty("itemId").GetString()!, i.GetProperty("score").GetSingle(), [.. i.GetProperty("values").EnumerateArray().Select(v => v.GetSingle())]))],
        }.WriteTo(copy);

        var (log, written) = Assert.Single(copy.Records);
        Assert.Equal("impressions", log);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(served), System.Text.Encoding.UTF8.GetString(written));
    }

    private async Task<JsonDocument> LoggedAsync(string body, ImpressionLogOptions options, Func<double>? draw = null)
    {
        var log = new ImpressionLog(_sink, options, draw ?? (() => throw new InvalidOperationException("a share of 1 needs no draw")), _metrics.Instruments);
        var handler = new RankHandler(_catalog, _store, _store, new RankingOptions(), new FixedTimeProvider(s_now), Randomizers.Midpoint, _metrics.Instruments, log);
        var response = await handler.HandleAsync(Request(body), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        log.WritePending();
        return JsonDocument.Parse(response.Body);
    }
}

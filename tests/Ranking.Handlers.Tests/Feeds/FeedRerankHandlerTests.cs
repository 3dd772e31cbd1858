using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Tests.Impressions;
using Ranking.Handlers.Tests.Metrics;
using Ranking.Handlers.Models;
using Ranking.Stores.Files;
using Ranking.Testing.Loopback;

namespace Ranking.Handlers.Tests.Feeds;

/// <summary>
/// Two hosts re-ranking the same sample feed with different versions of the sample model (samples/models/feed-ltr/1
/// under other version numbers), the way environments do in the minute after a promotion.
/// </summary>
public sealed class FeedRerankHandlerTests : IDisposable
{
    private static readonly string s_root = RepoRoot.Find();
    private static readonly CancellationToken s_none = CancellationToken.None;
    private static readonly FeedRerankMessage s_message = new() { UserId = "u_1", Surface = "feed" };
    private readonly EmbeddedStore _store = EmbeddedStore.Load(Path.Combine(s_root, "samples", "marketplace"));
    private readonly RecordingMetrics _metrics = new();
    private readonly List<ModelCatalog> _catalogs = [];
    private readonly RecordingSink _sink = new();

    [Fact]
    public async Task Handle_WithAnOlderModelAfterANewerOne_ReportsSupersededAndKeepsTheNewerRanking()
    {
        var newer = await Handler("v10").HandleAsync(s_message, s_none);

        var older = await Handler("v9").HandleAsync(s_message, s_none);

        Assert.Equal(FeedRerankOutcome.Ranked, newer.Outcome);
        Assert.Equal(FeedRerankOutcome.Superseded, older.Outcome);
        Assert.Null(older.Error);
        var stored = await _store.GetFeedAsync("u_1", "feed", s_none);
        Assert.Equal("v10", stored!.ModelVersion);
        Assert.Equal(newer.Feed!.Ranked, stored.Ranked);
        Assert.Equal(newer.Feed.RankedAt, stored.RankedAt);
        Assert.Equal(1, _metrics.Sum("FeedsSuperseded"));
        Assert.Equal(0, _metrics.Sum("FeedsFailed"));
    }

    [Fact]
    public async Task Handle_WithANewerModelAfterAnOlderOne_RanksAgain()
    {
        await Handler("v9").HandleAsync(s_message, s_none);

        var newer = await Handler("v10").HandleAsync(s_message, s_none);

        Assert.Equal(FeedRerankOutcome.Ranked, newer.Outcome);
        Assert.Equal("v10", (await _store.GetFeedAsync("u_1", "feed", s_none))!.ModelVersion);
        Assert.Equal(2, _metrics.Sum("FeedsRanked"));
        Assert.Equal(0, _metrics.Sum("FeedsSuperseded"));
    }

    [Fact]
    public async Task Handle_SameMessageWithTheSameModelTwice_RanksBothTimes()
    {
        var handler = Handler("v10");
        var first = await handler.HandleAsync(s_message, s_none);

        var second = await handler.HandleAsync(s_message, s_none);

        Assert.Equal(FeedRerankOutcome.Ranked, first.Outcome);
        Assert.Equal(FeedRerankOutcome.Ranked, second.Outcome);
        Assert.Equal(first.Feed!.Ranked, (await _store.GetFeedAsync("u_1", "feed", s_none))!.Ranked);
    }

    [Fact]
    public async Task Handle_WithAnImpressionLog_LogsTheStoredRankingUnderAnIdMadeFromTheMessage()
    {
        var sentAt = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);
        var log = new ImpressionLog(_sink, new ImpressionLogOptions(), () => 0, _metrics.Instruments);
        var message = s_message with { MessageId = "m-1", SentAt = sentAt };

        var result = await Handler("v10", log).HandleAsync(message, s_none);
        log.WritePending();

        Assert.Equal(FeedRerankOutcome.Ranked, result.Outcome);
        var record = _sink.Single();
        Assert.Equal("feed-m-1", record.GetProperty("impressionId").GetString());
        Assert.Equal(sentAt, record.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("u_1", record.GetProperty("userId").GetString());
        Assert.Equal("v10", record.GetProperty("model").GetProperty("version").GetString());
        Assert.Equal(result.Feed!.Ranked!.Select(r => r.ItemId), record.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        var stored = await _store.GetFeedAsync("u_1", "feed", s_none);
        Assert.Equal("feed-m-1", stored!.ImpressionId);
    }

    [Fact]
    public async Task Handle_ARetriedMessage_RanksAsTheFirstTryAndLogsTheSameImpression()
    {
        var log = new ImpressionLog(_sink, new ImpressionLogOptions(), () => 0, _metrics.Instruments);
        var message = s_message with { MessageId = "m-1", SentAt = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero) };
        var handler = Handler("v10", log);

        var first = await handler.HandleAsync(message, s_none);
        var retry = await handler.HandleAsync(message, s_none);
        log.WritePending();

        Assert.Equal(first.Feed!.Ranked, retry.Feed!.Ranked);
        var records = _sink.All();
        Assert.Equal(2, records.Count);
        Assert.Equal(records[0].GetProperty("items").GetRawText(), records[1].GetProperty("items").GetRawText());
        Assert.All(records, r => Assert.Equal("feed-m-1", r.GetProperty("impressionId").GetString()));
    }

    [Fact]
    public async Task Handle_ARankingThatIsNotStored_IsNotLogged_AndGivesBackItsPlace()
    {
        var log = new ImpressionLog(_sink, new ImpressionLogOptions { MaxPending = 1 }, () => 0, _metrics.Instruments);
        await Handler("v10").HandleAsync(s_message, s_none);

        var older = await Handler("v9", log).HandleAsync(s_message with { MessageId = "m-2" }, s_none);
        var newer = await Handler("v11", log).HandleAsync(s_message with { MessageId = "m-3" }, s_none);

        Assert.Equal(FeedRerankOutcome.Superseded, older.Outcome);
        Assert.Equal(FeedRerankOutcome.Ranked, newer.Outcome);
        Assert.Equal(1, log.WritePending());
        Assert.Equal("feed-m-3", _sink.Single().GetProperty("impressionId").GetString());
        Assert.Equal(0, _metrics.Sum("RecordLogFailures"));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        foreach (var catalog in _catalogs)
        {
            catalog.Dispose();
        }
    }

    private FeedRerankHandler Handler(string modelVersion, ImpressionLog? impressions = null)
    {
        var catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = Model(modelVersion) }]);
        _catalogs.Add(catalog);
        return new FeedRerankHandler(catalog, _store, _store, _store, TimeProvider.System, _metrics.Instruments, impressions);
    }

    private static RankingModel Model(string version)
    {
        var package = Path.Combine(s_root, "samples", "models", "feed-ltr", "1");
        var sample = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(package, ModelManifest.FileName)), CoreJsonContext.Default.ModelManifest)!;
        var manifest = new ModelManifest { Name = sample.Name, Version = version, Features = sample.Features, Onnx = sample.Onnx };
        return RankingModel.Create(manifest, File.ReadAllBytes(Path.Combine(package, sample.Onnx.File)));
    }
}

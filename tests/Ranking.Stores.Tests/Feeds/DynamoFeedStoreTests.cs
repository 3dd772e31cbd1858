using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;
using Ranking.Core.Models;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Feeds;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoFeedStoreTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task PutCandidates_OnNewFeed_StartsAtVersion1()
    {
        var store = await NewStoreAsync();

        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], CancellationToken.None);

        Assert.Equal(1, feed.CandidatesVersion);
        Assert.Equal(["i_1", "i_2"], feed.Candidates);
        Assert.Null(feed.Ranked);
    }

    [Fact]
    public async Task PutCandidates_WithNoCandidates_StoresAnEmptyList()
    {
        var store = await NewStoreAsync();

        var feed = await store.PutCandidatesAsync("u_1", "feed", [], CancellationToken.None);

        Assert.Empty(feed.Candidates);
        Assert.Empty((await store.GetFeedAsync("u_1", "feed", CancellationToken.None))!.Candidates);
    }

    [Fact]
    public async Task PutCandidates_BumpsTheVersionEachTime()
    {
        var store = await NewStoreAsync();
        await store.PutCandidatesAsync("u_1", "feed", ["i_1"], CancellationToken.None);

        var second = await store.PutCandidatesAsync("u_1", "feed", ["i_3", "i_4"], CancellationToken.None);
        var stored = await store.GetFeedAsync("u_1", "feed", CancellationToken.None);

        Assert.Equal(2, second.CandidatesVersion);
        Assert.Equal(RecordJsonl.FormatFeed(second), RecordJsonl.FormatFeed(stored!));
    }

    [Fact]
    public async Task PutCandidates_ConcurrentlyOnOneFeed_GivesEveryWriterItsOwnVersion()
    {
        var store = await NewStoreAsync();

        var versions = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            store.PutCandidatesAsync("u_1", "feed", [$"i_{i}"], CancellationToken.None).AsTask()));

        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), versions.Select(f => f.CandidatesVersion).Order());
    }

    [Fact]
    public async Task WriteRanking_AtCurrentVersion_WritesTheRankingAndKeepsCandidates()
    {
        var store = await NewStoreAsync();
        var current = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], CancellationToken.None);
        var ranked = Ranked(current, [("i_2", 2.5), ("i_1", 0.5)]);

        var written = await store.WriteRankingAsync(ranked, CancellationToken.None);
        var stored = await store.GetFeedAsync("u_1", "feed", CancellationToken.None);

        Assert.Equal(RankingWriteOutcome.Written, written);
        Assert.Equal(RecordJsonl.FormatFeed(ranked), RecordJsonl.FormatFeed(stored!));
    }

    [Fact]
    public async Task WriteRanking_OverARankingStoredBeforeTheModelOrderAttribute_IsWritten()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateFeedsTable);
        var legacy = FeedMapper.ToAttributes(TestRecords.RankedFeed("u_5"));
        legacy.Remove(TableSchemas.Feeds.RankedModelOrder);
        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = table, Item = legacy });
        var store = new DynamoFeedStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint);
        var older = Ranked((await store.GetFeedAsync("u_5", "feed", CancellationToken.None))!, [("i_1", 1)]);

        // Nothing to compare with: the write goes through once, and from then on the attribute is there.
        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(older, CancellationToken.None));
        var stored = await dynalite.Client.GetItemAsync(table, new() { ["userId"] = new("u_5"), ["surface"] = new("feed") });
        Assert.Equal(ModelVersionOrder.SortKey("3"), stored.Item[TableSchemas.Feeds.RankedModelOrder].S);
    }

    [Fact]
    public async Task WriteRanking_WithoutModel_IsGuardedByTheCandidatesVersionOnly()
    {
        var store = await NewStoreAsync();
        var current = await store.PutCandidatesAsync("u_1", "feed", ["i_1"], CancellationToken.None);
        await store.WriteRankingAsync(Ranked(current, [("i_1", 1)]), CancellationToken.None);
        var anonymous = new FeedRecord { UserId = "u_1", Surface = "feed", RankedFromVersion = current.CandidatesVersion, Ranked = [("i_1", 2)] };

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(anonymous, CancellationToken.None));
        var stored = await store.GetFeedAsync("u_1", "feed", CancellationToken.None);
        Assert.Null(stored!.ModelVersion);
        Assert.Equal(2, Assert.Single(stored.Ranked!).Score);
    }

    [Fact]
    public async Task PutCandidates_AfterARanking_KeepsItAsStale()
    {
        var store = await NewStoreAsync();
        var current = await store.PutCandidatesAsync("u_1", "feed", ["i_1"], CancellationToken.None);
        await store.WriteRankingAsync(Ranked(current, [("i_1", 1)]), CancellationToken.None);

        var next = await store.PutCandidatesAsync("u_1", "feed", ["i_2"], CancellationToken.None);

        Assert.Equal(2, next.CandidatesVersion);
        Assert.Equal(1, next.RankedFromVersion);
        Assert.Equal("i_1", Assert.Single(next.Ranked!).ItemId);
    }

    [Fact]
    public async Task GetFeed_ReadsAFeedLoadedWithTheMapper()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateFeedsTable);
        var feed = TestRecords.RankedFeed("u_5");
        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = table, Item = FeedMapper.ToAttributes(feed) });

        var stored = await new DynamoFeedStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint).GetFeedAsync("u_5", "feed", CancellationToken.None);

        Assert.Equal(RecordJsonl.FormatFeed(feed), RecordJsonl.FormatFeed(stored!));
        Assert.Null(await new DynamoFeedStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint).GetFeedAsync("u_5", "search", CancellationToken.None));
    }

    private static FeedRecord Ranked(FeedRecord feed, List<(string ItemId, double Score)> ranked) => new()
    {
        UserId = feed.UserId,
        Surface = feed.Surface,
        Candidates = feed.Candidates,
        CandidatesVersion = feed.CandidatesVersion,
        Ranked = ranked,
        RankedFromVersion = feed.CandidatesVersion,
        ModelName = "feed-ltr",
        ModelVersion = "3",
        RankedAt = new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.Zero),
    };

    private async Task<DynamoFeedStore> NewStoreAsync() =>
        new(dynalite.Client, await dynalite.CreateTableAsync(TableDefinitions.CreateFeedsTable), TimeProvider.System, Randomizers.Midpoint);
}

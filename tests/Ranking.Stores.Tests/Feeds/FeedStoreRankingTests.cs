using Ranking.Stores.Feeds;
using Ranking.Stores.Files;

namespace Ranking.Stores.Tests.Feeds;

/// <summary>
/// What every <see cref="IFeedStore"/> does when rankings of the same feed arrive out of order: the scenario of an
/// environment that still holds the old model in the minute after a promotion. Each store runs these against its
/// real backend (see the derived classes).
/// </summary>
public abstract class FeedStoreRankingTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private static readonly DateTimeOffset s_earlier = new(2026, 11, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_later = s_earlier.AddMinutes(1);

    protected abstract Task<IFeedStore> NewStoreAsync();

    [Fact]
    public async Task WriteRanking_AtCurrentVersion_IsWritten()
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "2", s_earlier), s_none));
        await AssertStoredAsync(store, "2", s_earlier);
    }

    [Fact]
    public async Task WriteRanking_ByAnOlderModelAfterANewerOne_IsSupersededAndKeepsTheNewer()
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.WriteRankingAsync(Ranking(feed, "2", s_earlier), s_none);

        var outcome = await store.WriteRankingAsync(Ranking(feed, "1", s_later), s_none);

        Assert.Equal(RankingWriteOutcome.Superseded, outcome);
        await AssertStoredAsync(store, "2", s_earlier);
    }

    [Fact]
    public async Task WriteRanking_ByANewerModelAfterAnOlderOne_ReplacesIt()
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.WriteRankingAsync(Ranking(feed, "1", s_earlier), s_none);

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "2", s_later), s_none));
        await AssertStoredAsync(store, "2", s_later);
    }

    [Fact]
    public async Task WriteRanking_BySameModelVersionTwice_RewritesIt()
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.WriteRankingAsync(Ranking(feed, "2", s_earlier), s_none);

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "2", s_later), s_none));
        await AssertStoredAsync(store, "2", s_later);
    }

    [Fact]
    public async Task WriteRanking_ByAnOlderModelOfNewCandidates_IsWritten()
    {
        var store = await NewStoreAsync();
        var first = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.WriteRankingAsync(Ranking(first, "2", s_earlier), s_none);
        var second = await store.PutCandidatesAsync("u_1", "feed", ["i_3", "i_4"], s_none);

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(second, "1", s_later), s_none));
        var stored = await AssertStoredAsync(store, "1", s_later);
        Assert.Equal(second.CandidatesVersion, stored.RankedFromVersion);
    }

    [Theory]
    [InlineData("v9", "v10")]
    [InlineData("9", "10")]
    [InlineData("1.9", "1.10")]
    public async Task WriteRanking_ComparesModelVersionsNaturally(string older, string newer)
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, older, s_earlier), s_none));
        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, newer, s_later), s_none));
        Assert.Equal(RankingWriteOutcome.Superseded, await store.WriteRankingAsync(Ranking(feed, older, s_later.AddMinutes(1)), s_none));
        await AssertStoredAsync(store, newer, s_later);
    }

    [Fact]
    public async Task WriteRanking_ByAnotherModelName_IsWrittenWhateverItsVersion()
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.WriteRankingAsync(Ranking(feed, "7", s_earlier), s_none);

        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "1", s_later, model: "feed-ltr-small"), s_none));
        var stored = await AssertStoredAsync(store, "1", s_later);
        Assert.Equal("feed-ltr-small", stored.ModelName);
    }

    [Fact]
    public async Task WriteRanking_WithStaleCandidatesVersion_IsStaleAndWritesNothing()
    {
        var store = await NewStoreAsync();
        var old = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.PutCandidatesAsync("u_1", "feed", ["i_3"], s_none);

        Assert.Equal(RankingWriteOutcome.Stale, await store.WriteRankingAsync(Ranking(old, "3", s_earlier), s_none));
        Assert.Null((await store.GetFeedAsync("u_1", "feed", s_none))!.Ranked);
    }

    [Fact]
    public async Task WriteRanking_WithStaleCandidatesVersionAndAnOlderModel_IsStale()
    {
        var store = await NewStoreAsync();
        var old = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        var current = await store.PutCandidatesAsync("u_1", "feed", ["i_3"], s_none);
        await store.WriteRankingAsync(Ranking(current, "2", s_earlier), s_none);

        Assert.Equal(RankingWriteOutcome.Stale, await store.WriteRankingAsync(Ranking(old, "1", s_later), s_none));
        await AssertStoredAsync(store, "2", s_earlier);
    }

    [Fact]
    public async Task WriteRanking_ForMissingFeed_IsStaleAndCreatesNothing()
    {
        var store = await NewStoreAsync();
        var ghost = new FeedRecord { UserId = "u_9", Surface = "feed", RankedFromVersion = 1, Ranked = [("i_1", 1)], ModelName = "feed-ltr", ModelVersion = "1" };

        Assert.Equal(RankingWriteOutcome.Stale, await store.WriteRankingAsync(ghost, s_none));
        Assert.Null(await store.GetFeedAsync("u_9", "feed", s_none));
    }

    [Fact]
    public async Task WriteRanking_UnderAnExperiment_TakesNoPartInPrecedence_EitherWay()
    {
        var store = await NewStoreAsync();
        var feed = await store.PutCandidatesAsync("u_1", "feed", ["i_1", "i_2"], s_none);
        await store.WriteRankingAsync(Ranking(feed, "2", s_earlier), s_none);

        // The experiment's control serves version 1 to this user: an older version than the stored one, written all the same.
        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "1", s_later, experiment: "feed-dec/control"), s_none));
        await AssertStoredAsync(store, "1", s_later, "feed-dec/control");

        // A treatment on a newer version, then the experiment stops: live's older version replaces the treatment's ranking.
        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "3", s_later.AddMinutes(1), experiment: "feed-dec/treatment"), s_none));
        Assert.Equal(RankingWriteOutcome.Written, await store.WriteRankingAsync(Ranking(feed, "2", s_later.AddMinutes(2)), s_none));
        await AssertStoredAsync(store, "2", s_later.AddMinutes(2));

        // Outside experiments, precedence holds again.
        Assert.Equal(RankingWriteOutcome.Superseded, await store.WriteRankingAsync(Ranking(feed, "1", s_later.AddMinutes(3)), s_none));
    }

    private static FeedRecord Ranking(FeedRecord feed, string modelVersion, DateTimeOffset at, string model = "feed-ltr", string? experiment = null) => new()
    {
        UserId = feed.UserId,
        Surface = feed.Surface,
        Candidates = feed.Candidates,
        CandidatesVersion = feed.CandidatesVersion,
        // The scores tell the models apart: a ranking left by the wrong one would show.
        Ranked = [.. feed.Candidates.Select((id, i) => (id, (double)i + model.Length + modelVersion.Sum(c => c)))],
        RankedFromVersion = feed.CandidatesVersion,
        ModelName = model,
        ModelVersion = modelVersion,
        RankedAt = at,
        ImpressionId = $"feed-{model}-{modelVersion}",
        Experiment = experiment,
    };

    private static async Task<FeedRecord> AssertStoredAsync(IFeedStore store, string modelVersion, DateTimeOffset rankedAt, string? experiment = null)
    {
        var stored = await store.GetFeedAsync("u_1", "feed", s_none);
        Assert.NotNull(stored);
        Assert.Equal(modelVersion, stored.ModelVersion);
        Assert.Equal(rankedAt, stored.RankedAt);
        Assert.Equal(experiment, stored.Experiment);
        Assert.Equal(RecordJsonl.FormatFeed(Ranking(stored, modelVersion, rankedAt, stored.ModelName!, experiment)), RecordJsonl.FormatFeed(stored));
        return stored;
    }
}

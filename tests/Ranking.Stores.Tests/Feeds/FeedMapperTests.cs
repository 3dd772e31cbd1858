using Ranking.Contracts;
using Ranking.Core.Models;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Tests.Support;

namespace Ranking.Stores.Tests.Feeds;

/// <summary>Feeds survive the mapper unchanged (compared via their JSONL form), with the model version's sort key beside it.</summary>
public sealed class FeedMapperTests
{
    [Fact]
    public void Feed_RoundTripsThroughTheMapper()
    {
        var feed = TestRecords.RankedFeed("u_1");

        Assert.Equal(RecordJsonl.FormatFeed(feed), RecordJsonl.FormatFeed(FeedMapper.FromAttributes(FeedMapper.ToAttributes(feed))));
    }

    [Fact]
    public void Feed_StoresTheModelVersionsSortKeyBesideIt()
    {
        var attributes = FeedMapper.ToAttributes(TestRecords.RankedFeed("u_1"));

        Assert.Equal("12", attributes[TableSchemas.Feeds.ModelVersion].S);
        Assert.Equal(ModelVersionOrder.SortKey("12"), attributes[TableSchemas.Feeds.RankedModelOrder].S);
    }

    [Fact]
    public void Feed_WithoutRanking_RoundTrips()
    {
        var feed = new FeedRecord { UserId = "u_2", Surface = "search", Candidates = [], CandidatesVersion = 1 };

        var read = FeedMapper.FromAttributes(FeedMapper.ToAttributes(feed));

        Assert.Equal(RecordJsonl.FormatFeed(feed), RecordJsonl.FormatFeed(read));
        Assert.Null(read.Ranked);
    }
}

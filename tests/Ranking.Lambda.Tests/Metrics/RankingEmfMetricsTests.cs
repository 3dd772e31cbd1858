using Ranking.Handlers.Feeds;
using Ranking.Lambda.Metrics;

namespace Ranking.Lambda.Tests.Metrics;

public sealed class RankingEmfMetricsTests
{
    private readonly LogCapture _output = new();

    [Theory]
    [InlineData(FeedRerankOutcome.Ranked, "FeedsRanked")]
    [InlineData(FeedRerankOutcome.Stale, "FeedsStale")]
    [InlineData(FeedRerankOutcome.Empty, "FeedsEmpty")]
    [InlineData(FeedRerankOutcome.Superseded, "FeedsSuperseded")]
    [InlineData(FeedRerankOutcome.Failed, "FeedsFailed")]
    public void FeedProcessed_CountsEachOutcomeUnderItsOwnName_PerSurface(FeedRerankOutcome outcome, string metric)
    {
        var emf = new EmfMetrics("Ranking", "feed-rerank-fn", _output, new FixedTimeProvider(DateTimeOffset.UnixEpoch));
        emf.Flush();

        new RankingEmfMetrics(emf).FeedProcessed("feed", outcome);
        emf.Flush();

        var line = Assert.Single(_output.JsonLines().Skip(1));
        Assert.Equal("feed", line.GetProperty("Surface").GetString());
        Assert.Equal(1, line.GetProperty(metric).GetDouble());
        var names = line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString());
        Assert.Equal([metric], names);
    }
}

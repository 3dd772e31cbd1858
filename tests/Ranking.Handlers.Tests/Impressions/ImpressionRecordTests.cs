using Ranking.Handlers.Impressions;

namespace Ranking.Handlers.Tests.Impressions;

/// <summary>An impression record assembled outside the ranker; <c>RankHandlerTests</c> checks it writes a served one's bytes.</summary>
public sealed class ImpressionRecordTests
{
    [Fact]
    public void WriteTo_ValuesNotMatchingTheFeatures_IsRefusedNamingTheItem()
    {
        var sink = new RecordingSink();
        var record = new ImpressionRecord
        {
            Header = new ImpressionHeader { ImpressionId = "s_1", Time = DateTimeOffset.UnixEpoch, Surface = "feed" },
            Features = ["price", "likes"],
            Items = [new ImpressionRecordItem("i_1", float.NaN, [1, 2]), new ImpressionRecordItem("i_2", 0.5f, [1])],
        };

        var error = Assert.Throws<ArgumentException>(() => record.WriteTo(sink));

        Assert.Contains("items[1] ('i_2') has 1 values for 2 features", error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Records);
    }
}

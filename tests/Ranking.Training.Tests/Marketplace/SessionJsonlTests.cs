using Ranking.Core.Data;
using Ranking.Training.Marketplace;

namespace Ranking.Training.Tests.Marketplace;

public sealed class SessionJsonlTests
{
    private static readonly MarketplaceSession _session = new()
    {
        SessionId = "s_1",
        UserId = "u_1",
        Surface = "search",
        Timestamp = new DateTimeOffset(2026, 10, 2, 8, 30, 0, TimeSpan.Zero),
        Query = "vintage levis jeans",
        Context = new Dictionary<string, ContextValue> { ["platform"] = ContextValue.Of("ios"), ["app_build"] = ContextValue.Of(412) },
        Items = ["i_1", "i_2", "i_3"],
        Clicks = [0, 2],
        Purchases = [2],
    };

    [Fact]
    public void FormatThenRead_RoundTrips()
    {
        var line = SessionJsonl.Format(_session);
        var read = Assert.Single(SessionJsonl.Read(new StringReader(line + "\n"), "impressions.jsonl"));

        Assert.Equal(_session.SessionId, read.SessionId);
        Assert.Equal(_session.Timestamp, read.Timestamp);
        Assert.Equal(_session.Query, read.Query);
        Assert.Equal("ios", read.Context!["platform"].Text);
        Assert.Equal(412, read.Context["app_build"].Number);
        Assert.Equal(_session.Items, read.Items);
        Assert.Equal(_session.Clicks, read.Clicks);
        Assert.Equal(_session.Purchases, read.Purchases);
        Assert.Equal(line, SessionJsonl.Format(read));
    }

    [Fact]
    public void Format_WritesCompactLine()
    {
        Assert.Equal(
            """{"sessionId":"s_1","userId":"u_1","surface":"search","ts":"2026-10-02T08:30:00Z","query":"vintage levis jeans","context":{"app_build":412,"platform":"ios"},"items":["i_1","i_2","i_3"],"clicks":[0,2],"purchases":[2]}""",
            SessionJsonl.Format(_session));
    }

    [Theory]
    [InlineData("""{"sessionId":"s_2","userId":"u_1","surface":"feed","ts":"2026-10-02T08:30:00Z","items":["i_1"],"clicks":[3]}""", "click position 3")]
    [InlineData("""{"sessionId":"s_2","userId":"u_1","surface":"feed","ts":"2026-10-02T08:30:00Z","items":["i_1"],"clicks":[],"purchases":[0]}""", "not a click")]
    [InlineData("""{"sessionId":"s_2","userId":"u_1","surface":"feed","ts":"yesterday","items":["i_1"]}""", "'ts'")]
    [InlineData("""{"sessionId":"s_2",""", "")]
    public void Read_BadLine_NamesSourceAndLine(string bad, string reason)
    {
        var text = SessionJsonl.Format(_session) + "\n\n" + bad + "\n";
        var error = Assert.Throws<InvalidDataException>(() => SessionJsonl.Read(new StringReader(text), "impressions.jsonl"));

        Assert.StartsWith("impressions.jsonl:3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}

using Ranking.Handlers.Events;
using Ranking.Handlers.Tests.Impressions;

namespace Ranking.Handlers.Tests.Events;

public sealed class EventRecordWriterTests
{
    [Fact]
    public void Write_APurchase_WritesTheEventRecordInUtcWithThePrice()
    {
        var sink = new RecordingSink();
        var at = new DateTimeOffset(2026, 12, 2, 11, 0, 5, 250, TimeSpan.FromHours(1));

        EventRecordWriter.Write(new FeedbackEvent("purchase", "s_1", "i_9", "u_1", at, 25.5), at.AddSeconds(1), sink);
        EventRecordWriter.Write(new FeedbackEvent("click", null, "i_9", null, at, null), at, sink);

        Assert.Equal(
            [
                """{"log":"event","type":"purchase","impressionId":"s_1","itemId":"i_9","userId":"u_1","time":"2026-12-02T10:00:05.25Z","value":25.5,"receivedAt":"2026-12-02T10:00:06.25Z"}""",
                """{"log":"event","type":"click","impressionId":null,"itemId":"i_9","userId":null,"time":"2026-12-02T10:00:05.25Z","value":null,"receivedAt":"2026-12-02T10:00:05.25Z"}""",
            ],
            sink.Records.Select(r => System.Text.Encoding.UTF8.GetString(r.Bytes)));
        Assert.All(sink.Records, r => Assert.Equal("events", r.Log));
    }
}

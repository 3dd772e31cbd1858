using System.Text.Json;
using Ranking.Lambda.Events;

namespace Ranking.Lambda.Tests.Events;

/// <summary>The event an EventBridge schedule rule sends.</summary>
public sealed class ScheduledEventTests
{
    private const string DocumentedEvent = """
        {
          "version": "0",
          "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
          "detail-type": "Scheduled Event",
          "source": "aws.events",
          "account": "123456789012",
          "time": "2025-10-08T16:53:06Z",
          "region": "eu-west-1",
          "resources": ["arn:aws:events:eu-west-1:123456789012:rule/model-refresh"],
          "detail": {}
        }
        """;

    [Fact]
    public void Parse_DocumentedEvent_ReadsEveryField()
    {
        var scheduled = JsonSerializer.Deserialize(DocumentedEvent, LambdaJsonContext.Default.ScheduledEvent)!;

        Assert.Equal("0", scheduled.Version);
        Assert.Equal("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", scheduled.Id);
        Assert.Equal(ScheduledEvent.ScheduledEventDetailType, scheduled.DetailType);
        Assert.Equal(ScheduledEvent.EventsSource, scheduled.Source);
        Assert.Equal("123456789012", scheduled.Account);
        Assert.Equal(new DateTimeOffset(2025, 10, 8, 16, 53, 6, TimeSpan.Zero), scheduled.Time);
        Assert.Equal("eu-west-1", scheduled.Region);
        Assert.Equal("arn:aws:events:eu-west-1:123456789012:rule/model-refresh", Assert.Single(scheduled.Resources!));
        Assert.Equal(JsonValueKind.Object, scheduled.Detail!.Value.ValueKind);
    }

    [Fact]
    public void RoundTrip_KeepsTheHyphenatedDetailTypeName()
    {
        var scheduled = JsonSerializer.Deserialize(DocumentedEvent, LambdaJsonContext.Default.ScheduledEvent)!;

        var json = JsonSerializer.Serialize(scheduled, LambdaJsonContext.Default.ScheduledEvent);
        using var document = JsonDocument.Parse(json);

        Assert.Equal("Scheduled Event", document.RootElement.GetProperty("detail-type").GetString());
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("detail").ValueKind);
    }
}

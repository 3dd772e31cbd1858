using System.Text;
using Ranking.Training.Datasets;

namespace Ranking.Training.Tests.Datasets;

public sealed class EventLineTests
{
    private const string Good = """{"log":"event","type":"click","impressionId":"r_1","itemId":"i_9","userId":"u_1","time":"2026-12-02T10:00:05Z","value":25.0,"receivedAt":"2026-12-02T10:00:05.120Z"}""";

    [Fact]
    public void Check_WriterShapedEvent_PassesAndIsAttributable()
    {
        Assert.Null(EventLine.Check(Encoding.UTF8.GetBytes(Good), out var attributable));
        Assert.True(attributable);
    }

    [Theory]
    [InlineData("\"impressionId\":null")]
    [InlineData("")]
    public void Check_WithoutImpressionId_PassesButIsNotAttributable(string impressionId)
    {
        var line = Good.Replace("\"impressionId\":\"r_1\",", impressionId.Length == 0 ? "" : impressionId + ",", StringComparison.Ordinal);

        Assert.Null(EventLine.Check(Encoding.UTF8.GetBytes(line), out var attributable));
        Assert.False(attributable);
    }

    [Theory]
    [InlineData("\"type\":\"click\",", "", "type is missing")]
    [InlineData("\"type\":\"click\"", "\"type\":3", "type must be a non-empty string")]
    [InlineData("\"itemId\":\"i_9\",", "", "itemId is missing")]
    [InlineData("\"impressionId\":\"r_1\"", "\"impressionId\":1", "impressionId must be a string or null")]
    [InlineData("\"time\":\"2026-12-02T10:00:05Z\"", "\"time\":\"yesterday\"", "time must be an ISO 8601 time")]
    [InlineData("\"value\":25.0", "\"value\":\"25\"", "value must be a finite number or null")]
    [InlineData("\"receivedAt\":\"2026-12-02T10:00:05.120Z\"", "\"receivedAt\":5", "receivedAt must be an ISO 8601 time")]
    [InlineData("\"log\":\"event\"", "\"log\":\"impression\"", "log must be \"event\"")]
    public void Check_BrokenField_NamesIt(string field, string replacement, string problem)
    {
        Assert.Contains(field, Good, StringComparison.Ordinal);

        Assert.Equal(problem, EventLine.Check(Encoding.UTF8.GetBytes(Good.Replace(field, replacement, StringComparison.Ordinal)), out _));
    }

    [Fact]
    public void Check_UnknownTypeAndFields_Pass()
    {
        var line = Good.Replace("\"click\"", "\"share\"", StringComparison.Ordinal).Replace("\"value\":25.0", "\"value\":25.0,\"sessionId\":\"s\"", StringComparison.Ordinal);

        Assert.Null(EventLine.Check(Encoding.UTF8.GetBytes(line), out _));
    }
}

using Ranking.Contracts;
using System.Text;
using System.Text.Json;
using Ranking.Handlers.Events;
using Ranking.Handlers.Http;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Tests.Metrics;
using Ranking.Handlers.Tests.Impressions;
using Ranking.Testing.Seams;

namespace Ranking.Handlers.Tests.Events;

/// <summary><c>POST /v1/events</c>: what is logged, what is refused alone, and what refuses the whole body.</summary>
public sealed class EventsHandlerTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 10, 0, 30, 125, TimeSpan.Zero);

    private readonly RecordingSink _sink = new();
    private readonly RecordingMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task Handle_WithGoodEvents_LogsOneRecordEachAndAnswers202()
    {
        var (status, body) = await HandleAsync("""
            {"events":[
              {"type":"click","impressionId":"r-9","itemId":"i_9","userId":"u_1","time":"2026-12-02T11:00:05+01:00"},
              {"type":"purchase","impressionId":"r-9","itemId":"i_9","userId":"u_1","time":"2026-12-02T10:00:20Z","value":25.5},
              {"type":"like","itemId":"i_3","time":"2026-12-02T10:00:21Z"}]}
            """);

        Assert.Equal(202, status);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Empty(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal("r-1", body.GetProperty("requestId").GetString());
        Assert.All(_sink.Records, r => Assert.Equal(RecordLogs.Events, r.Log));
        var records = _sink.All();
        Assert.Equal(3, records.Count);
        var click = records[0];
        Assert.Equal("event", click.GetProperty("log").GetString());
        Assert.Equal("click", click.GetProperty("type").GetString());
        Assert.Equal("r-9", click.GetProperty("impressionId").GetString());
        Assert.Equal("i_9", click.GetProperty("itemId").GetString());
        Assert.Equal("u_1", click.GetProperty("userId").GetString());
        Assert.Equal("2026-12-02T10:00:05Z", click.GetProperty("time").GetString());
        Assert.Equal(JsonValueKind.Null, click.GetProperty("value").ValueKind);
        Assert.Equal(s_now, click.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(25.5, records[1].GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, records[2].GetProperty("impressionId").ValueKind);
        Assert.Equal(JsonValueKind.Null, records[2].GetProperty("userId").ValueKind);
        Assert.Equal(3, _metrics.Sum("EventsAccepted"));
        Assert.Equal(0, _metrics.Sum("EventsRejected"));
    }

    [Theory]
    [InlineData("""{"type":"buy","itemId":"i_1","time":"2026-12-02T10:00:00Z"}""", "events[1].type 'buy' is not one of view, click, like, add_to_cart, purchase")]
    [InlineData("""{"itemId":"i_1","time":"2026-12-02T10:00:00Z"}""", "events[1].type is required")]
    [InlineData("""{"type":"click","time":"2026-12-02T10:00:00Z"}""", "events[1].itemId is required")]
    [InlineData("""{"type":"click","itemId":"","time":"2026-12-02T10:00:00Z"}""", "events[1].itemId must be a non-empty string")]
    [InlineData("""{"type":"click","itemId":7,"time":"2026-12-02T10:00:00Z"}""", "events[1].itemId must be a non-empty string")]
    [InlineData("""{"type":"click","itemId":"i_1","impressionId":42,"time":"2026-12-02T10:00:00Z"}""", "events[1].impressionId must be a non-empty string")]
    [InlineData("""{"type":"click","itemId":"i_1","userId":"","time":"2026-12-02T10:00:00Z"}""", "events[1].userId must be a non-empty string")]
    [InlineData("""{"type":"click","itemId":"i_1"}""", "events[1].time is required")]
    [InlineData("""{"type":"click","itemId":"i_1","time":"2026-12-02T10:00:00"}""", "events[1].time is required and must be an ISO 8601 date-time with an offset")]
    [InlineData("""{"type":"click","itemId":"i_1","time":"yesterday"}""", "events[1].time is required and must be an ISO 8601 date-time with an offset")]
    [InlineData("""{"type":"click","itemId":"i_1","time":"2026-12-04T10:00:00Z"}""", "events[1].time 2026-12-04T10:00:00Z is more than 24 hours ahead")]
    [InlineData("""{"type":"purchase","itemId":"i_1","time":"2026-12-02T10:00:00Z","value":-1}""", "events[1].value must be a finite number >= 0")]
    [InlineData("""{"type":"purchase","itemId":"i_1","time":"2026-12-02T10:00:00Z","value":"25"}""", "events[1].value must be a finite number >= 0")]
    [InlineData("""{"type":"purchase","itemId":"i_1","time":"2026-12-02T10:00:00Z","value":1e999}""", "events[1].value must be a finite number >= 0")]
    [InlineData("""{"type":"click","itemId":"i_1","time":"2026-12-02T10:00:00Z","price":3}""", "events[1] has an unknown field 'price'")]
    [InlineData("""["click"]""", "events[1] must be an object")]
    public async Task Handle_WithOneBadEvent_RefusesItAloneNamingTheField(string bad, string message)
    {
        var (status, body) = await HandleAsync($$"""
            {"events":[{"type":"view","itemId":"i_1","time":"2026-12-02T10:00:00Z"},{{bad}},{"type":"click","itemId":"i_2","time":"2026-12-02T10:00:01Z"}]}
            """);

        Assert.Equal(202, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var refused = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, refused.GetProperty("index").GetInt32());
        Assert.Equal("invalid_event", refused.GetProperty("code").GetString());
        Assert.StartsWith(message, refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["i_1", "i_2"], _sink.All().Select(r => r.GetProperty("itemId").GetString()));
        Assert.Equal(1, _metrics.Sum("EventsRejected"));
    }

    [Theory]
    [InlineData("not json", 400, "invalid_json", "body is not valid JSON")]
    [InlineData("""[{"type":"click"}]""", 400, "invalid_request", "request body must be a JSON object")]
    [InlineData("""{}""", 400, "invalid_request", "events is required and must be an array")]
    [InlineData("""{"events":{}}""", 400, "invalid_request", "events is required and must be an array")]
    [InlineData("""{"events":[]}""", 400, "invalid_request", "events must not be empty")]
    [InlineData("""{"events":[{"type":"click","itemId":"i_1","time":"2026-12-02T10:00:00Z"}],"batch":1}""", 400, "invalid_request", "unknown field 'batch'")]
    [InlineData("""{"events":[],"events":[]}""", 400, "invalid_json", "")]
    public async Task Handle_WithABadBody_RefusesTheWholeBatchInTheErrorShape(string request, int status, string code, string message)
    {
        var (answered, body) = await HandleAsync(request);

        Assert.Equal(status, answered);
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("r-1", error.GetProperty("requestId").GetString());
        Assert.Empty(_sink.Records);
        Assert.Equal(1, _metrics.Sum($"Rejected_{code}"));
    }

    [Fact]
    public async Task Handle_WithMoreThan500Events_Answers413()
    {
        var events = string.Join(",", Enumerable.Repeat("""{"type":"view","itemId":"i_1","time":"2026-12-02T10:00:00Z"}""", EventsRequestReader.MaxEvents + 1));

        var (status, body) = await HandleAsync($$"""{"events":[{{events}}]}""");

        Assert.Equal(413, status);
        Assert.Equal("too_many_events", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("501 entries, at most 500", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_sink.Records);
    }

    [Fact]
    public async Task Handle_WithExactly500Events_LogsThemAll()
    {
        var events = string.Join(",", Enumerable.Range(0, EventsRequestReader.MaxEvents).Select(i => $$"""{"type":"view","itemId":"i_{{i}}","time":"2026-12-02T10:00:00Z"}"""));

        var (status, body) = await HandleAsync($$"""{"events":[{{events}}]}""");

        Assert.Equal(202, status);
        Assert.Equal(500, body.GetProperty("accepted").GetInt32());
        Assert.Equal(500, _sink.Records.Count);
    }

    [Theory]
    [InlineData("text/plain", 415, "unsupported_media_type")]
    [InlineData(null, 415, "unsupported_media_type")]
    public async Task Handle_WithoutJsonContentType_Answers415(string? contentType, int status, string code)
    {
        var (answered, body) = await HandleAsync("""{"events":[]}""", contentType);

        Assert.Equal(status, answered);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Handle_WithABodyOverTheLimit_Answers413()
    {
        var handler = new EventsHandler(_sink, new RankingOptions { MaxBodyBytes = 64 }, new FixedTimeProvider(s_now), _metrics.Instruments);
        var response = await handler.HandleAsync(Request(new string(' ', 65) + "{}", "application/json"));

        Assert.Equal(413, response.StatusCode);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal("body_too_large", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Handle_WhenTheSinkFails_RefusesEachEventAsNotLoggedAndCountsIt()
    {
        _sink.Failure = new IOException("disk full");

        var (status, body) = await HandleAsync("""
            {"events":[{"type":"view","itemId":"i_1","time":"2026-12-02T10:00:00Z"},{"type":"buy","itemId":"i_1","time":"2026-12-02T10:00:00Z"}]}
            """);

        Assert.Equal(202, status);
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        var refused = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([0, 1], refused.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal([EventsHandler.NotLogged, "invalid_event"], refused.Select(r => r.GetProperty("code").GetString()));
        Assert.Contains("send it again", refused[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _metrics.Sum("RecordLogFailures"));
    }

    private async Task<(int Status, JsonElement Body)> HandleAsync(string body, string? contentType = "application/json")
    {
        var handler = new EventsHandler(_sink, new RankingOptions(), new FixedTimeProvider(s_now), _metrics.Instruments);
        var response = await handler.HandleAsync(Request(body, contentType));
        return (response.StatusCode, JsonDocument.Parse(response.Body).RootElement);
    }

    private static ApiRequest Request(string body, string? contentType) => new()
    {
        Method = "POST",
        Path = "/v1/events",
        ContentType = contentType,
        Body = Encoding.UTF8.GetBytes(body),
        RequestId = "r-1",
    };
}

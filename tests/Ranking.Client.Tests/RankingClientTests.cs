using System.Text.Json;
using Ranking.Client.Model;
using Ranking.Testing.Contract;

namespace Ranking.Client.Tests;

public sealed class RankingClientTests
{
    private const string Ranked = """
        {"requestId":"r-1","surface":"feed","model":{"name":"feed-ltr","version":"3"},"fallback":null,
         "items":[{"itemId":"a","score":0.5,"rank":1,"rules":{"pinned":1}},{"itemId":"b","score":0.25,"rank":2}],
         "removed":[{"itemId":"c","reason":"filter:cheap"}],"timingsMs":{"features":0.1,"scoring":0.2,"rules":0.01,"total":0.4}}
        """;

    private const string Unavailable = """{"error":{"code":"internal_error","message":"unexpected error; it has been logged","requestId":"r-9"}}""";
    private static readonly RankRequest s_request = new() { Surface = "feed", UserId = "u_1", Candidates = [new("a"), new("b"), new("c")] };

    private static (RankingClient Client, ScriptedHandler Handler, DelayRecorder Clock) Create(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] script)
    {
        var handler = new ScriptedHandler(script);
        var clock = new DelayRecorder();
        var options = new RankingClientOptions { AttemptTimeout = TimeSpan.FromSeconds(30), Jitter = () => 0.5, Time = clock };
        return (new RankingClient(new HttpClient(handler) { BaseAddress = new Uri("http://ranking.test/") }, options), handler, clock);
    }

    [Fact]
    public async Task Rank_ReadsTheResponse()
    {
        var (client, handler, _) = Create(ScriptedHandler.Answer(200, Ranked));

        var response = await client.RankAsync(s_request);

        Assert.Equal(["a", "b"], response.Items.Select(i => i.ItemId));
        Assert.Equal(new ModelRef("feed-ltr", "3"), response.Model);
        Assert.Null(response.Fallback);
        Assert.Equal(1, response.Items[0].Rules!.Pinned);
        Assert.Equal(new RemovedItem("c", "filter:cheap"), Assert.Single(response.Removed));
        Assert.Equal((HttpMethod.Post, "/v1/rank"), (handler.Sent[0].Method, handler.Sent[0].Path));
    }

    [Fact]
    public async Task Rank_On503And429_RetriesWithGrowingJitteredBackoff_AndHonoursRetryAfterUpToTheCap()
    {
        var (client, handler, clock) = Create(
            ScriptedHandler.Answer(503, Unavailable),
            ScriptedHandler.Answer(429, """{"message":"Too Many Requests"}""", retryAfter: TimeSpan.FromSeconds(30)),
            ScriptedHandler.Answer(200, Ranked));

        var response = await client.RankAsync(s_request);

        Assert.Equal("r-1", response.RequestId);
        Assert.Equal(3, handler.Sent.Count);
        // Half of the 50 ms cap (jitter 0.5) first; then Retry-After's 30 s, held to the 1 s maximum.
        Assert.Equal([TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1)], clock.Delays);
    }

    [Fact]
    public async Task Rank_PastTheRetries_FailsWithTheLastError()
    {
        var (client, handler, _) = Create(ScriptedHandler.Answer(503, Unavailable), ScriptedHandler.Answer(502, Unavailable), ScriptedHandler.Answer(500, Unavailable));

        var error = await Assert.ThrowsAsync<RankingApiException>(() => client.RankAsync(s_request));

        Assert.Equal((500, "internal_error", "r-9"), (error.StatusCode, error.Code, error.RequestId));
        Assert.Equal(3, handler.Sent.Count);
    }

    [Fact]
    public async Task Rank_OnA4xx_FailsAtOnceWithTheApisCodeAndMessage()
    {
        var (client, handler, _) = Create(ScriptedHandler.Answer(400, """{"error":{"code":"invalid_request","message":"pins[0].itemId 'z' is not among the candidates","requestId":"r-2"}}"""));

        var error = await Assert.ThrowsAsync<RankingApiException>(() => client.RankAsync(s_request));

        Assert.Equal((400, "invalid_request"), (error.StatusCode, error.Code));
        Assert.Equal("pins[0].itemId 'z' is not among the candidates", error.ApiMessage);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task SendEvents_IsNeverRetried()
    {
        var (client, handler, clock) = Create(ScriptedHandler.Answer(503, Unavailable));

        var error = await Assert.ThrowsAsync<RankingApiException>(() => client.SendEventsAsync([new FeedbackEvent("click", "a", DateTimeOffset.UnixEpoch)]));

        Assert.Equal(503, error.StatusCode);
        Assert.Single(handler.Sent);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Health_IsRetriedLikeRank()
    {
        var (client, handler, _) = Create(ScriptedHandler.Answer(503, Unavailable), ScriptedHandler.Answer(200, """{"status":"ok","models":[{"surface":"feed","name":"feed-ltr","version":"1"}]}"""));

        var health = await client.HealthAsync();

        Assert.Equal("ok", health.Status);
        Assert.Equal((HttpMethod.Get, "/v1/health"), (handler.Sent[1].Method, handler.Sent[1].Path));
    }

    [Fact]
    public async Task AnAttemptPastItsTimeout_FailsWithTimeoutException_AndACallersCancellationIsNotATimeout()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Hang());
        using var client = new RankingClient(new HttpClient(handler) { BaseAddress = new Uri("http://ranking.test/") }, new RankingClientOptions { AttemptTimeout = TimeSpan.FromMilliseconds(50) });
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        using var patient = new RankingClient(new HttpClient(handler) { BaseAddress = new Uri("http://ranking.test/") }, new RankingClientOptions { AttemptTimeout = TimeSpan.FromMinutes(5) });

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.RankAsync(s_request));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.RankAsync(s_request, cancelled.Token));

        Assert.Equal("POST /v1/rank took longer than 50 ms", timeout.Message);
    }

    [Fact]
    public async Task RequestBodies_KeepTheApisContract()
    {
        var (client, handler, _) = Create(ScriptedHandler.Answer(200, Ranked), ScriptedHandler.Answer(202, """{"requestId":"r","accepted":1,"rejected":[]}"""));
        var full = new RankRequest
        {
            Surface = "search",
            UserId = "u_1",
            SessionId = "s_1",
            Query = "levis",
            Context = new Dictionary<string, object> { ["platform"] = "ios", ["hour"] = 9 },
            Candidates = [new("a", new Dictionary<string, double> { ["retrieval_score"] = 1.5 }), new("b")],
            Limit = 1,
            Explain = true,
            Time = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero),
            Exclude = ["b"],
            Pins = [new("a", 1)],
        };

        await client.RankAsync(full);
        await client.SendEventsAsync([new FeedbackEvent("purchase", "a", new DateTimeOffset(2026, 12, 2, 10, 0, 5, TimeSpan.Zero), "r-1", "u_1", 39.5)]);

        var contract = OpenApiContract.Repository;
        using var rank = JsonDocument.Parse(handler.Sent[0].Body!);
        using var events = JsonDocument.Parse(handler.Sent[1].Body!);
        Assert.Empty(contract.SchemaProblems("RankRequest", rank.RootElement));
        Assert.Empty(contract.SchemaProblems("EventsRequest", events.RootElement));
        // Absent values are left out, not sent as null.
        Assert.DoesNotContain("null", handler.Sent[0].Body!, StringComparison.Ordinal);
        Assert.Equal("2026-12-02T10:00:00+00:00", rank.RootElement.GetProperty("time").GetString());
    }

    [Fact]
    public void AClientOfAnHttpClientWithoutABaseAddress_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RankingClient(new HttpClient()));

        Assert.StartsWith("the HttpClient needs a BaseAddress", error.Message, StringComparison.Ordinal);
    }
}

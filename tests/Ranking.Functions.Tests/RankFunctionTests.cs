using System.Text;
using System.Text.Json;
using Ranking.Contracts;

namespace Ranking.Functions.Tests;

/// <summary>The published Rank bootstrap, driven by API Gateway HTTP API events, reading dynalite and s3rver.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class RankFunctionTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private RunningFunction _function = null!;

    private const string RankBody = """
        {"surface":"feed","userId":"u_1","context":{"platform":"ios"},
         "candidates":[{"itemId":"i_474"},{"itemId":"i_239"},{"itemId":"i_2062"},{"itemId":"i_2080"},{"itemId":"i_474"},{"itemId":"nope"}],"limit":10}
        """;

    public async Task InitializeAsync() =>
        // RANKING_LOG_SAMPLE unset: every response is logged, DESIGN.md's default.
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api => fixture.Bed.Environment(api));

    public async Task DisposeAsync() => await _function.DisposeAsync();

    private static string Event(string method, string path, string? body, bool base64 = false, string contentType = "application/json") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = path,
            ["rawQueryString"] = "",
            ["headers"] = new Dictionary<string, string> { ["content-type"] = contentType, ["host"] = "api.example.com" },
            ["requestContext"] = new Dictionary<string, object>
            {
                ["requestId"] = "apigw-req-1",
                ["http"] = new Dictionary<string, string> { ["method"] = method, ["path"] = path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "192.0.2.1" },
                ["timeEpoch"] = 1767225600000,
            },
            ["body"] = body is null ? null : base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body,
            ["isBase64Encoded"] = base64,
        });

    /// <summary>The HTTP API response and its JSON body.</summary>
    private async Task<(int Status, JsonElement Body)> SendAsync(string payload)
    {
        var response = await _function.InvokeAsync(payload);
        GatewayContract.Check(Encoding.UTF8.GetBytes(payload), response);
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        return (response.GetProperty("statusCode").GetInt32(), body.RootElement.Clone());
    }

    [Fact]
    public async Task Rank_WithValidRequest_RanksWithTheModelFromTheBucket()
    {
        var (status, body) = await SendAsync(Event("POST", "/v1/rank", RankBody));

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("fallback").ValueKind);
        Assert.Equal("feed-ltr", body.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal("apigw-req-1", body.GetProperty("requestId").GetString());
        var ids = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToList();
        Assert.Equal(["i_2062", "i_2080", "i_239", "i_474", "nope"], ids.Order());
        Assert.Contains(body.GetProperty("removed").EnumerateArray(), r => r.GetProperty("reason").GetString() == "duplicate");
    }

    [Fact]
    public async Task Rank_WithValidRequest_LogsTheImpressionAsOneStdoutLine()
    {
        var (status, body) = await SendAsync(Event("POST", "/v1/rank", RankBody.Replace("\"limit\":10", "\"limit\":10,\"time\":\"2026-12-02T10:00:00.5Z\"", StringComparison.Ordinal)));

        Assert.Equal(200, status);
        var line = Assert.Single(await _function.Process.WaitForOutputAsync(l => l.Contains("\"log\":\"impression\"", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(10)));
        using var record = JsonDocument.Parse(line);
        var root = record.RootElement;
        Assert.Equal("apigw-req-1", root.GetProperty("impressionId").GetString());
        Assert.Equal("2026-12-02T10:00:00.5Z", root.GetProperty("time").GetString());
        Assert.Equal("ios", root.GetProperty("context").GetProperty("platform").GetString());
        Assert.Equal(
            body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()),
            root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.All(root.GetProperty("items").EnumerateArray(), i => Assert.Equal(root.GetProperty("features").GetArrayLength(), i.GetProperty("values").GetArrayLength()));
    }

    [Fact]
    public async Task Events_LogsEachAcceptedEventAsOneStdoutLineAndRefusesTheBadOne()
    {
        var (status, body) = await SendAsync(Event("POST", "/v1/events", """
            {"events":[{"type":"click","impressionId":"apigw-req-0","itemId":"i_474","userId":"u_1","time":"2026-12-02T10:00:05Z"},
                       {"type":"buy","itemId":"i_474","time":"2026-12-02T10:00:06Z"},
                       {"type":"purchase","impressionId":"apigw-req-0","itemId":"i_474","time":"2026-12-02T10:01:00Z","value":25}]}
            """));

        Assert.Equal(202, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("index").GetInt32());
        var lines = await _function.Process.WaitForOutputAsync(l => l.Contains("\"log\":\"event\"", StringComparison.Ordinal), 2, TimeSpan.FromSeconds(10));
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["click", "purchase"], records.Select(r => r.GetProperty("type").GetString()));
        Assert.All(records, r => Assert.Equal("apigw-req-0", r.GetProperty("impressionId").GetString()));
        Assert.Equal(25, records[1].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Rank_WithBase64Body_DecodesIt()
    {
        var (status, body) = await SendAsync(Event("POST", "/v1/rank", RankBody, base64: true));

        Assert.Equal(200, status);
        Assert.Equal(5, body.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("POST", "/v1/rank", "{\"surface\":", 400, "invalid_json")]
    [InlineData("POST", "/v1/rank", "{\"surface\":\"homepage\",\"candidates\":[{\"itemId\":\"i_1\"}]}", 404, "unknown_surface")]
    [InlineData("POST", "/v1/rank", "{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"\"}]}", 400, "invalid_request")]
    [InlineData("GET", "/v1/rank", null, 405, "method_not_allowed")]
    [InlineData("GET", "/v2/nothing", null, 404, "not_found")]
    public async Task Rank_WithBadRequest_AnswersTheErrorCode(string method, string path, string? requestBody, int expectedStatus, string code)
    {
        var (status, body) = await SendAsync(Event(method, path, requestBody));

        Assert.Equal(expectedStatus, status);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_NamesTheModelsLoadedFromTheBucket()
    {
        var (status, body) = await SendAsync(Event("GET", "/v1/health", null));

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task MalformedEvent_GetsA400AndTheFunctionKeepsServing()
    {
        var (status, body) = await SendAsync("\"just a string\"");
        var (after, _) = await SendAsync(Event("POST", "/v1/rank", RankBody));

        Assert.Equal(400, status);
        Assert.Contains("not an API Gateway HTTP API", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, after);
        Assert.False(_function.Process.HasExited);
    }

    [Fact]
    public async Task EachInvocation_WritesOneEmfLineWithLatencyAndColdStart()
    {
        await SendAsync(Event("POST", "/v1/rank", RankBody));

        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.RankLatency);
        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.ColdStart);
        var emf = _function.Process.Output.Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(emf, e => e.TryGetProperty("RankLatency", out _) && e.GetProperty("Surface").GetString() == "feed");
        Assert.Contains(emf, e => e.TryGetProperty("ColdStart", out _));
        Assert.All(emf, e => Assert.Equal("Ranking", e.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ranking.Cli.Tests.Serve;

/// <summary>Every error code of the Rank API, through a real Kestrel on loopback.</summary>
public sealed class ServeErrorTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(maxCandidates: 3, maxBodyBytes: 4096);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void AssertError(int status, JsonElement body, int expectedStatus, string code, string messagePart)
    {
        Assert.Equal(expectedStatus, status);
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task Rank_WithMalformedJson_Answers400InvalidJson()
    {
        var (status, body) = await _server.PostRankAsync("{\"surface\":\"feed\",");
        AssertError(status, body, 400, "invalid_json", "not valid JSON");
    }

    [Fact]
    public async Task Rank_WithEmptyItemId_Answers400NamingTheField()
    {
        var (status, body) = await _server.PostRankAsync("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\"},{\"itemId\":\"\"}]}");
        AssertError(status, body, 400, "invalid_request", "candidates[1].itemId");
    }

    [Fact]
    public async Task Rank_WithUnconfiguredSurface_Answers404UnknownSurface()
    {
        var (status, body) = await _server.PostRankAsync("{\"surface\":\"homepage\",\"candidates\":[{\"itemId\":\"i_1\"}]}");
        AssertError(status, body, 404, "unknown_surface", "'homepage' is not configured (configured: feed, search)");
    }

    [Fact]
    public async Task UnknownPath_Answers404NotFound()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/v2/rank");
        AssertError(status, body, 404, "not_found", "/v2/rank");
    }

    [Fact]
    public async Task Rank_WithGet_Answers405()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/v1/rank");
        AssertError(status, body, 405, "method_not_allowed", "allowed: POST");
    }

    [Fact]
    public async Task Rank_WithTooManyCandidates_Answers413()
    {
        var (status, body) = await _server.PostRankAsync("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"},{\"itemId\":\"b\"},{\"itemId\":\"c\"},{\"itemId\":\"d\"}]}");
        AssertError(status, body, 413, "too_many_candidates", "at most 3");
    }

    [Fact]
    public async Task Rank_WithOversizedBody_Answers413BodyTooLarge()
    {
        var padding = new string(' ', 5000);
        var (status, body) = await _server.PostRankAsync($"{{\"surface\":\"feed\",{padding}\"candidates\":[{{\"itemId\":\"a\"}}]}}");
        AssertError(status, body, 413, "body_too_large", "4096 bytes");
    }

    [Fact]
    public async Task Rank_WithOversizedChunkedBody_Answers413BodyTooLarge()
    {
        // No Content-Length: the limit must hold while streaming, not only from the header.
        using var content = new PushStreamContent(new string('x', 10_000));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rank") { Content = content };
        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("body_too_large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rank_WithFormContentType_Answers415()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Post, "/v1/rank", "{}", "application/x-www-form-urlencoded");
        AssertError(status, body, 415, "unsupported_media_type", "application/x-www-form-urlencoded");
    }

    [Fact]
    public async Task Rank_WithCharsetParameter_IsAccepted()
    {
        var (status, _) = await _server.SendAsync(HttpMethod.Post, "/v1/rank", "{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\"}]}", "application/json; charset=utf-8");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Rejections_AreCountedByCode()
    {
        await _server.PostRankAsync("nope");
        Assert.True(_server.Server.Metrics.Sum("Rejected_invalid_json") >= 1);
    }

    /// <summary>Streams a body without a Content-Length header.</summary>
    private sealed class PushStreamContent(string text) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            return false;
        }
    }
}

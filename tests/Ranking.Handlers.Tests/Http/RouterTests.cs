using System.Text;
using Ranking.Handlers.Http;

namespace Ranking.Handlers.Tests.Http;

public sealed class RouterTests
{
    private static readonly Router s_router = new Router()
        .Map("GET", "/v1/feeds/{userId}/{surface}", (_, route, _) =>
            ValueTask.FromResult(new ApiResponse { StatusCode = 200, Body = Encoding.UTF8.GetBytes($"{route["userId"]}|{route["surface"]}") }));

    private static Task<ApiResponse> Send(string method, string path) =>
        s_router.DispatchAsync(new ApiRequest { Method = method, Path = path, RequestId = "r1" }, CancellationToken.None).AsTask();

    [Fact]
    public async Task Dispatch_WithMatchingRoute_PassesUnescapedValues()
    {
        var response = await Send("GET", "/v1/feeds/u%201/feed");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("u 1|feed", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Dispatch_WithWrongMethod_Answers405NamingAllowed()
    {
        var response = await Send("DELETE", "/v1/feeds/u/feed");

        Assert.Equal(405, response.StatusCode);
        Assert.Contains("\"code\":\"method_not_allowed\"", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.Contains("allowed: GET", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/feeds/u")]
    [InlineData("/v1/feeds//feed")]
    [InlineData("/nope")]
    public async Task Dispatch_WithUnknownPath_Answers404(string path)
    {
        var response = await Send("GET", path);

        Assert.Equal(404, response.StatusCode);
        Assert.Contains("\"code\":\"not_found\"", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
    }
}

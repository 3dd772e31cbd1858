using System.Text.Json;

namespace Ranking.Functions.Tests;

/// <summary>RANKING_SHADOW: the published Rank bootstrap scores a challenger alongside and emits the comparison as EMF.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class ShadowTests(FunctionsFixture fixture)
{
    [Fact]
    public async Task Rank_WithChallengerOnEveryRequest_EmitsCorrelationAndKeepsTheLiveAnswer()
    {
        await using var function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = fixture.Bed.Environment(api);
            environment["RANKING_SHADOW"] = "feed=search-ltr:1@1";
            return environment;
        });

        var response = await function.InvokeAsync("""
            {"version":"2.0","routeKey":"$default","rawPath":"/v1/rank","rawQueryString":"","headers":{"content-type":"application/json"},
             "requestContext":{"requestId":"r-shadow","http":{"method":"POST","path":"/v1/rank"}},
             "body":"{\"surface\":\"feed\",\"userId\":\"u_1\",\"candidates\":[{\"itemId\":\"i_1\"},{\"itemId\":\"i_2\"},{\"itemId\":\"i_3\"}]}","isBase64Encoded":false}
            """);

        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        Assert.Equal("feed-ltr", body.RootElement.GetProperty("model").GetProperty("name").GetString());
        static bool Shadow(string line) => line.Contains("\"ShadowRankCorrelation\"", StringComparison.Ordinal);
        await function.Process.WaitForLineAsync(Shadow);
        var emf = function.Process.Output.Where(Shadow).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var line = Assert.Single(emf);
        Assert.InRange(line.GetProperty("ShadowRankCorrelation").GetDouble(), -1, 1);
        Assert.Equal("feed", line.GetProperty("Surface").GetString());
    }

    [Fact]
    public async Task BadShadowSetting_FailsInitNamingIt()
    {
        await using var api = await Ranking.Testing.RuntimeApi.FakeRuntimeApi.StartAsync();
        var environment = fixture.Bed.Environment(api.Address);
        environment["RANKING_SHADOW"] = "feed=search-ltr:1@2";
        await using var process = Ranking.Testing.Functions.FunctionProcess.Start(fixture.Bootstrap(FunctionsFixture.Rank), environment);

        var error = await api.InitErrorAsync.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("RANKING_SHADOW", error.ErrorMessage, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Ranking.Contracts;
using Ranking.Testing.RuntimeApi;

namespace Ranking.Functions.Tests;

/// <summary>The published Rank bootstrap applies the business rules of <c>RANKING_RULES</c>, explains them and counts them in EMF.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class RankRulesFunctionTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private const string Rules = """
        {"feed": {"filters": [{"name": "boots", "attribute": "category", "equals": "boots"}],
                  "boosts": [{"name": "liked", "attribute": "likes", "min": 10, "add": 50}]}}
        """;

    private RunningFunction _function = null!;

    public async Task InitializeAsync() =>
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = fixture.Bed.Environment(api);
            environment[EnvironmentNames.Rules] = Rules;
            return environment;
        });

    public async Task DisposeAsync() => await _function.DisposeAsync();

    [Fact]
    public async Task Rank_WithRulesFromTheEnvironment_FiltersBoostsAndCountsThem()
    {
        const string body = """
            {"surface":"feed","userId":"u_1","explain":true,"exclude":["i_239"],
             "candidates":[{"itemId":"i_474"},{"itemId":"i_239"},{"itemId":"i_2062"},{"itemId":"i_2080"}]}
            """;
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "2.0",
            ["rawPath"] = "/v1/rank",
            ["headers"] = new Dictionary<string, string> { ["content-type"] = "application/json" },
            ["requestContext"] = new Dictionary<string, object> { ["requestId"] = "req-rules", ["http"] = new Dictionary<string, string> { ["method"] = "POST", ["path"] = "/v1/rank" } },
            ["body"] = body,
            ["isBase64Encoded"] = false,
        });

        var response = await _function.InvokeAsync(payload);
        GatewayContract.Check(System.Text.Encoding.UTF8.GetBytes(payload), response);

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var document = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        var root = document.RootElement;
        // The two boots are filtered, the converse excluded: the new balance (19 likes) is left, boosted.
        Assert.Equal(
            ["i_239:excluded", "i_2062:filter:boots", "i_2080:filter:boots"],
            root.GetProperty("removed").EnumerateArray().Select(r => $"{r.GetProperty("itemId").GetString()}:{r.GetProperty("reason").GetString()}"));
        var item = Assert.Single(root.GetProperty("items").EnumerateArray());
        Assert.Equal(50, item.GetProperty("rules").GetProperty("boosts").GetProperty("liked").GetDouble());
        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.RemovedPrefix + "filter_boots");
        var emf = _function.Process.Output.Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var line = Assert.Single(emf, e => e.TryGetProperty("Removed_filter_boots", out _));
        Assert.Equal(2, line.GetProperty("Removed_filter_boots").GetDouble());
        Assert.Equal(1, line.GetProperty("Removed_excluded").GetDouble());
        Assert.Equal(1, line.GetProperty("Boosted_liked").GetDouble());
        Assert.Equal("feed", line.GetProperty("Surface").GetString());
    }
}

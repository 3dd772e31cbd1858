using Ranking.Testing.RuntimeApi;

namespace Ranking.Functions.Tests;

/// <summary>A bad configuration fails init through the Runtime API, naming the variable; the process exits.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class InitErrorTests(FunctionsFixture fixture)
{
    [Theory]
    [InlineData(FunctionsFixture.Rank, "RANKING_ITEMS_TABLE", null, "RANKING_ITEMS_TABLE is not set")]
    [InlineData(FunctionsFixture.FeedRerank, "RANKING_FEEDS_TABLE", null, "RANKING_FEEDS_TABLE is not set")]
    [InlineData(FunctionsFixture.ModelRefresh, "RANKING_SURFACES", "feed", "RANKING_SURFACES is 'feed'")]
    [InlineData(FunctionsFixture.Rank, "RANKING_MAX_CANDIDATES", "lots", "RANKING_MAX_CANDIDATES is 'lots'")]
    [InlineData(FunctionsFixture.Train, "RANKING_MODELS_TABLE", null, "RANKING_MODELS_TABLE is not set")]
    [InlineData(FunctionsFixture.Rank, "RANKING_RULES", """{"feed": {"boosts": [{"name": "p", "attribute": "likes", "min": 1}]}}""", "RANKING_RULES: feed.boosts[0].add is required")]
    [InlineData(FunctionsFixture.FeedRerank, "RANKING_RULES", """{"home": {}}""", "RANKING_RULES: home is not a served surface")]
    public async Task BadVariable_PostsInitErrorNamingIt(string project, string variable, string? value, string expected)
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var environment = fixture.Bed.Environment(api.Address, registry: true);
        if (value is null)
        {
            environment.Remove(variable);
        }
        else
        {
            environment[variable] = value;
        }

        await using var process = Ranking.Testing.Functions.FunctionProcess.Start(fixture.Bootstrap(project), environment);
        var error = await api.InitErrorAsync.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains(expected, error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("ConfigurationException", error.ErrorType);
        Assert.NotEqual(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }
}

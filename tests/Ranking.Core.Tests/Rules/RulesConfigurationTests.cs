using Ranking.Contracts.Rules;

namespace Ranking.Core.Tests.Rules;

public sealed class RulesConfigurationTests
{
    private static readonly string[] s_surfaces = ["feed", "search"];

    private static IReadOnlyDictionary<string, SurfaceRulesSettings> Parse(string json) => RulesConfiguration.Parse(json, s_surfaces);

    [Fact]
    public void Parse_WithEveryKind_ReadsEachRule()
    {
        var rules = Parse("""
            {
              "feed": {
                "dropInactive": false,
                "diversity": [{ "attribute": "sellerId", "max": 2, "window": 10 }, { "attribute": "brand", "max": 3, "window": 20 }],
                "boosts": [
                  { "name": "promoted", "attribute": "promoted", "equals": 1, "add": 0.5 },
                  { "name": "new", "attribute": "ageDays", "max": 7, "add": 0.2 },
                  { "name": "house-brands", "attribute": "brand", "in": ["Acme", "Zed"], "add": -0.1 }
                ],
                "filters": [{ "name": "cheap", "attribute": "price", "min": 0, "max": 2 }, { "name": "kids", "attribute": "category", "notIn": ["shoes"] }]
              }
            }
            """);

        var feed = rules["feed"];
        Assert.False(feed.DropInactive);
        Assert.Equal([new DiversityCap("sellerId", 2, 10), new DiversityCap("brand", 3, 20)], feed.Diversity);
        Assert.Equal(["promoted", "new", "house-brands"], feed.Boosts.Select(b => b.Name));
        Assert.Equal((1d, 1d), (feed.Boosts[0].When.Min!.Value, feed.Boosts[0].When.Max!.Value));
        Assert.Equal((null, 7d), (feed.Boosts[1].When.Min, feed.Boosts[1].When.Max));
        Assert.Equal(["Acme", "Zed"], feed.Boosts[2].When.Values!);
        Assert.Equal(-0.1f, feed.Boosts[2].Add);
        Assert.True(feed.Filters[1].When.Negated);
        Assert.Equal("filter:cheap", feed.Filters[0].Reason);
        // A surface the file leaves out keeps the defaults: inactive items dropped, three per seller in the top 20.
        Assert.Same(SurfaceRulesSettings.Default, rules["search"]);
        Assert.Equal([new DiversityCap("sellerId", 3, 20)], rules["search"].Diversity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("{}")]
    public void Parse_WithNothingConfigured_GivesEverySurfaceTheDefaults(string? json)
    {
        var rules = RulesConfiguration.Parse(json, s_surfaces);

        Assert.All(s_surfaces, s => Assert.Same(SurfaceRulesSettings.Default, rules[s]));
    }

    [Fact]
    public void Parse_WithAnEmptyDiversityList_TurnsDiversityOff()
    {
        Assert.Empty(Parse("""{"feed": {"diversity": []}}""")["feed"].Diversity);
    }

    [Theory]
    [InlineData("[1]", "must be a JSON object of surfaces")]
    [InlineData("{\"feed\": ", "not JSON: ")]
    [InlineData("""{"home": {}}""", "home is not a served surface (surfaces: feed, search)")]
    [InlineData("""{"feed": {"boost": []}}""", "feed.boost is not a key here (keys: dropInactive, diversity, boosts, filters)")]
    [InlineData("""{"feed": {"dropInactive": "no"}}""", "feed.dropInactive must be true or false")]
    [InlineData("""{"feed": {"diversity": {}}}""", "feed.diversity must be an array")]
    [InlineData("""{"feed": {"diversity": [{"attribute": "price", "max": 1, "window": 5}]}}""", "feed.diversity[0].attribute 'price' cannot be capped")]
    [InlineData("""{"feed": {"diversity": [{"attribute": "brand", "max": 0, "window": 5}]}}""", "feed.diversity[0].max is required: an integer from 1 to 1000")]
    [InlineData("""{"feed": {"diversity": [{"attribute": "brand", "max": 2}]}}""", "feed.diversity[0].window is required")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "promoted", "equals": 1}]}}""", "feed.boosts[0].add is required: a finite number other than 0")]
    [InlineData("""{"feed": {"boosts": [{"name": "P!", "attribute": "promoted", "equals": 1, "add": 1}]}}""", "feed.boosts[0].name 'P!' must match [a-z0-9_-]{1,32}")]
    [InlineData("""{"feed": {"boosts": [{"attribute": "promoted", "equals": 1, "add": 1}]}}""", "feed.boosts[0].name is required")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "promoted", "add": 1}]}}""", "feed.boosts[0] needs one of equals, in, notIn, or min and/or max")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "equals": "x", "in": ["y"], "add": 1}]}}""", "feed.boosts[0] has equals and in: give one of")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "min": 1, "add": 1}]}}""", "feed.boosts[0].min compares numbers, but 'brand' is text")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "price", "in": ["1"], "add": 1}]}}""", "feed.boosts[0].in compares text, but 'price' is a number")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "equals": true, "add": 1}]}}""", "feed.boosts[0].equals must be a string or a number")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "in": [], "add": 1}]}}""", "feed.boosts[0].in must not be empty")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "in": ["a", 2], "add": 1}]}}""", "feed.boosts[0].in[1] must be a string")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand name", "equals": "a", "add": 1}]}}""", "feed.boosts[0].attribute 'brand name' is not an attribute")]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "equals": "a", "add": 1, "weight": 2}]}}""", "feed.boosts[0].weight is not a key here")]
    [InlineData("""{"feed": {"filters": [{"name": "c", "attribute": "price", "min": 5, "max": 2}]}}""", "feed.filters[0].min is 5, above max 2")]
    [InlineData("""{"feed": {"filters": [{"name": "c", "attribute": "price", "max": 2}, {"name": "c", "attribute": "size", "equals": "xl"}]}}""", "feed.filters[1].name 'c' is used twice")]
    [InlineData("""{"search": {"filters": [{"name": "c", "attribute": "likes", "max": "2"}]}}""", "search.filters[0].max must be a finite number")]
    public void Parse_WithABadKey_FailsNamingIt(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithTooManyRules_FailsNamingTheList()
    {
        var boosts = string.Join(", ", Enumerable.Range(0, RulesConfiguration.MaxRules + 1).Select(i => $$"""{"name": "b{{i}}", "attribute": "brand", "equals": "x", "add": 1}"""));

        var error = Assert.Throws<FormatException>(() => Parse("{\"feed\": {\"boosts\": [" + boosts + "]}}"));

        Assert.Equal($"feed.boosts has {RulesConfiguration.MaxRules + 1} entries, at most {RulesConfiguration.MaxRules} are allowed", error.Message);
    }
}

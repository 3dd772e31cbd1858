using System.Text.Json;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.Assertions;
using Ranking.Contracts;
using Ranking.Infra.Configuration;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Functions;

public sealed class RankingFunctionsTests
{
    [Fact]
    public void EveryFunction_IsACustomRuntimeBootstrap_X86_Traced_WithItsOwnLogGroup()
    {
        var synth = Synth.Default;
        synth.Template.ResourceCountIs("AWS::Lambda::Function", 5);
        synth.Template.AllResourcesProperties("AWS::Lambda::Function", Of(
            ("Runtime", "provided.al2023"),
            ("Architectures", new object[] { "x86_64" }),
            ("Handler", "bootstrap"),
            ("TracingConfig", Of(("Mode", "Active"))),
            ("LoggingConfig", Of(("LogGroup", Match.ObjectLike(Of(("Ref", Match.AnyValue()))))))));
        foreach (var function in synth.Stack.Functions.All)
        {
            var logGroup = synth.PropertiesOf(function).GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString()!;
            var resource = synth.Json.GetProperty("Resources").GetProperty(logGroup);
            Assert.Equal("AWS::Logs::LogGroup", resource.GetProperty("Type").GetString());
            Assert.Equal(30, resource.GetProperty("Properties").GetProperty("RetentionInDays").GetInt32());
        }
    }

    [Fact]
    public void MemoryAndTimeout_ComeFromContext()
    {
        var synth = Synth.Run(
            (ContextKeys.RankMemoryMb, 2048), (ContextKeys.RankTimeoutSeconds, "15"),
            (ContextKeys.FeedRerankMemoryMb, "512"), (ContextKeys.FeedRerankTimeoutSeconds, 120),
            (ContextKeys.ModelRefreshMemoryMb, 3008), (ContextKeys.ModelRefreshTimeoutSeconds, 900),
            (ContextKeys.LogRetentionDays, 90));
        AssertSizing(synth, synth.Stack.Functions.Rank, 2048, 15);
        AssertSizing(synth, synth.Stack.Functions.FeedRerank, 512, 120);
        AssertSizing(synth, synth.Stack.Functions.ModelRefresh, 3008, 900);
        synth.Template.AllResourcesProperties("AWS::Logs::LogGroup", Of(("RetentionInDays", 90)));
    }

    [Fact]
    public void Defaults_GiveRankAFullVcpu_AndEveryFunctionATimeout()
    {
        var synth = Synth.Default;
        AssertSizing(synth, synth.Stack.Functions.Rank, 1769, 10);
        AssertSizing(synth, synth.Stack.Functions.FeedRerank, 1024, 60);
        AssertSizing(synth, synth.Stack.Functions.ModelRefresh, 1024, 300);
    }

    [Fact]
    public void Rank_Environment_IsExactlyWhatItReads()
    {
        var synth = Synth.Default;
        var data = synth.Stack.Data;
        var variables = Variables(synth, synth.Stack.Functions.Rank);
        Assert.Equal(
            [EnvironmentNames.DeadlineMs, EnvironmentNames.ItemsTable, EnvironmentNames.MaxCandidates, EnvironmentNames.MetricsNamespace,
             EnvironmentNames.ModelsBucket, EnvironmentNames.ModelsTable, EnvironmentNames.ModelTtlSeconds, EnvironmentNames.Surfaces,
             EnvironmentNames.UsersTable],
            variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(synth.LogicalId(data.Items), Ref(variables[EnvironmentNames.ItemsTable]));
        Assert.Equal(synth.LogicalId(data.Users), Ref(variables[EnvironmentNames.UsersTable]));
        Assert.Equal(synth.LogicalId(data.Models), Ref(variables[EnvironmentNames.ModelsTable]));
        Assert.Equal(synth.LogicalId(data.ModelsBucket), Ref(variables[EnvironmentNames.ModelsBucket]));
        Assert.Equal("feed=feed-ltr;search=search-ltr", variables[EnvironmentNames.Surfaces].GetString());
        Assert.Equal("Ranking", variables[EnvironmentNames.MetricsNamespace].GetString());
        Assert.Equal("1000", variables[EnvironmentNames.MaxCandidates].GetString());
        Assert.Equal("250", variables[EnvironmentNames.DeadlineMs].GetString());
        Assert.Equal("60", variables[EnvironmentNames.ModelTtlSeconds].GetString());
    }

    [Fact]
    public void FeedRerank_Environment_AddsTheFeedsTableAndConcurrency()
    {
        var synth = Synth.Run((ContextKeys.FeedConcurrency, 8), (ContextKeys.MaxCandidates, 500));
        var variables = Variables(synth, synth.Stack.Functions.FeedRerank);
        Assert.Equal(
            [EnvironmentNames.FeedsTable, EnvironmentNames.FeedConcurrency, EnvironmentNames.ItemsTable, EnvironmentNames.MaxCandidates,
             EnvironmentNames.MetricsNamespace, EnvironmentNames.ModelsBucket, EnvironmentNames.ModelsTable, EnvironmentNames.ModelTtlSeconds,
             EnvironmentNames.Surfaces, EnvironmentNames.UsersTable],
            variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(synth.LogicalId(synth.Stack.Data.Feeds), Ref(variables[EnvironmentNames.FeedsTable]));
        Assert.Equal("8", variables[EnvironmentNames.FeedConcurrency].GetString());
        Assert.Equal("500", variables[EnvironmentNames.MaxCandidates].GetString());
    }

    [Fact]
    public void Rules_AsAContextObject_ReachRankAndFeedRerankCompacted_AndNoOtherFunction()
    {
        var rules = new Dictionary<string, object>
        {
            ["feed"] = new Dictionary<string, object>
            {
                ["diversity"] = new object[] { new Dictionary<string, object> { ["attribute"] = "brand", ["max"] = 2, ["window"] = 10 } },
                ["boosts"] = new object[] { new Dictionary<string, object> { ["name"] = "promoted", ["attribute"] = "promoted", ["equals"] = 1, ["add"] = 0.5 } },
            },
        };

        var synth = Synth.Run((ContextKeys.Rules, rules));

        const string expected = """{"feed":{"diversity":[{"attribute":"brand","max":2,"window":10}],"boosts":[{"name":"promoted","attribute":"promoted","equals":1,"add":0.5}]}}""";
        Assert.Equal(expected, Variables(synth, synth.Stack.Functions.Rank)[EnvironmentNames.Rules].GetString());
        Assert.Equal(expected, Variables(synth, synth.Stack.Functions.FeedRerank)[EnvironmentNames.Rules].GetString());
        Assert.False(Variables(synth, synth.Stack.Functions.ModelRefresh).ContainsKey(EnvironmentNames.Rules));
        Assert.False(Variables(synth, synth.Stack.Functions.Train).ContainsKey(EnvironmentNames.Rules));
    }

    [Fact]
    public void Rules_FromAFile_AreReadAndValidated()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {
              "search": { "filters": [ { "name": "cheap", "attribute": "price", "max": 2 } ] }
            }
            """);
        try
        {
            var synth = Synth.Run((ContextKeys.Rules, path));

            Assert.Equal("""{"search":{"filters":[{"name":"cheap","attribute":"price","max":2}]}}""", Variables(synth, synth.Stack.Functions.Rank)[EnvironmentNames.Rules].GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"feed": {"boosts": [{"name": "p", "attribute": "brand", "min": 1, "add": 1}]}}""", "context 'rules': feed.boosts[0].min compares numbers, but 'brand' is text")]
    [InlineData("""{"home": {}}""", "context 'rules': home is not a served surface (surfaces: feed, search)")]
    [InlineData("no/such/rules.json", "context 'rules' is 'no/such/rules.json': expected a JSON object, or the path of a JSON file")]
    public void Rules_ThatTheFunctionsWouldRefuse_FailSynthNamingTheKey(string value, string expected)
    {
        var error = Synth.Fails((ContextKeys.Rules, value));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_TooLargeForTheEnvironment_FailSynth()
    {
        var values = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"brand-{i}\""));

        var error = Synth.Fails((ContextKeys.Rules, "{\"feed\": {\"filters\": [{\"name\": \"brands\", \"attribute\": \"brand\", \"in\": [" + values + "]}]}}"));

        Assert.Contains("bytes compacted; the functions' environment (4 KB in all) takes at most 3072", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelRefresh_Environment_IsTheBucketTheRegistryAndTheSurfaces()
    {
        var synth = Synth.Run((ContextKeys.Surfaces, "feed=feed-v2; search=search-ltr ;similar=sim-ltr"), (ContextKeys.LatencyBudgetMs, 80));
        var variables = Variables(synth, synth.Stack.Functions.ModelRefresh);
        Assert.Equal(
            [EnvironmentNames.LatencyBudgetMs, EnvironmentNames.MetricsNamespace, EnvironmentNames.ModelsBucket, EnvironmentNames.ModelsTable,
             EnvironmentNames.QualityTolerance, EnvironmentNames.Surfaces],
            variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("80", variables[EnvironmentNames.LatencyBudgetMs].GetString());
        Assert.Equal("0.005", variables[EnvironmentNames.QualityTolerance].GetString());
        Assert.Equal("feed=feed-v2;search=search-ltr;similar=sim-ltr", variables[EnvironmentNames.Surfaces].GetString());
    }

    [Fact]
    public void TreesOnly_TellsModelRefreshToRejectWhatTheNativeScorerRefuses()
    {
        var synth = Synth.Run((ContextKeys.TreesOnly, true));

        Assert.Equal("true", Variables(synth, synth.Stack.Functions.ModelRefresh)[EnvironmentNames.TreesOnly].GetString());
        Assert.DoesNotContain(EnvironmentNames.TreesOnly, Variables(synth, synth.Stack.Functions.Rank).Keys);
        Assert.DoesNotContain(EnvironmentNames.TreesOnly, Variables(Synth.Default, Synth.Default.Stack.Functions.ModelRefresh).Keys);
    }

    private static void AssertSizing(Synthesized synth, Function function, int memory, int timeout)
    {
        var properties = synth.PropertiesOf(function);
        Assert.Equal(memory, properties.GetProperty("MemorySize").GetInt32());
        Assert.Equal(timeout, properties.GetProperty("Timeout").GetInt32());
    }

    private static Dictionary<string, JsonElement> Variables(Synthesized synth, Function function) =>
        synth.PropertiesOf(function).GetProperty("Environment").GetProperty("Variables").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static string? Ref(JsonElement value) => value.GetProperty("Ref").GetString();
}

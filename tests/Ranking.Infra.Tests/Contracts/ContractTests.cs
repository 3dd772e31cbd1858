using System.Reflection;
using System.Text.RegularExpressions;
using Ranking.Infra.Contracts;

namespace Ranking.Infra.Tests.Contracts;

/// <summary>
/// The stack copies names the functions define (environment variables, table keys, metric names and dimensions)
/// instead of referencing the AOT libraries; these tests read the functions' sources so the copies cannot drift.
/// </summary>
public sealed partial class ContractTests
{
    [Fact]
    public void EnvironmentNames_MatchRankingLambdasEnvironmentNames()
    {
        var source = Constants(Read("src/Shared/Ranking.Lambda/Configuration/EnvironmentNames.cs"));
        foreach (var field in ConstantsOf(typeof(EnvironmentNames)))
        {
            Assert.True(source.TryGetValue(field.Key, out var value), $"EnvironmentNames.{field.Key} is not in Ranking.Lambda");
            Assert.Equal(value, field.Value);
        }
    }

    [Theory]
    [InlineData("Items", "ItemId", TableKeys.ItemId)]
    [InlineData("Users", "UserId", TableKeys.UserId)]
    [InlineData("Feeds", "UserId", TableKeys.UserId)]
    [InlineData("Feeds", "Surface", TableKeys.Surface)]
    [InlineData("Models", "Name", TableKeys.ModelName)]
    [InlineData("Models", "Version", TableKeys.ModelVersion)]
    public void TableKeys_MatchTheStoresTableSchemas(string table, string constant, string expected)
    {
        var source = Read("src/Shared/Ranking.Stores/TableSchemas.cs");
        var block = Regex.Match(source, $@"public static class {table}\s*\{{(?<body>.*?)\n    \}}", RegexOptions.Singleline);
        Assert.True(block.Success, $"TableSchemas.{table} not found");
        Assert.Equal(expected, Constants(block.Groups["body"].Value)[constant]);
    }

    [Theory]
    [InlineData("CreateItemsTable", "Items.ItemId, null")]
    [InlineData("CreateUsersTable", "Users.UserId, null")]
    [InlineData("CreateFeedsTable", "Feeds.UserId, Feeds.Surface")]
    [InlineData("CreateModelsTable", "Models.Name, Models.Version")]
    public void TableSchemas_KeyEachTableAsTheStackDoes(string method, string keys)
    {
        Assert.Contains($"{method}(string tableName) => Create(tableName, {keys})", Read("src/Shared/Ranking.Stores/TableSchemas.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_MatchWhatEmfDocumentWrites()
    {
        var source = Constants(Read("src/Shared/Ranking.Lambda/Metrics/EmfDocument.cs"));
        Assert.Equal(MetricNames.FunctionDimension, source["FunctionDimension"]);
        Assert.Equal(MetricNames.SurfaceDimension, source["SurfaceDimension"]);
        Assert.Contains("\"Ranking\"", Read("src/Shared/Ranking.Lambda/Configuration/FunctionSettings.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MetricNames.RankLatency, "surface")]
    [InlineData(MetricNames.ScoringLatency, "surface")]
    [InlineData(MetricNames.Candidates, "surface")]
    [InlineData(MetricNames.MissingFeatures, "surface")]
    [InlineData(MetricNames.MissingItems, "surface")]
    [InlineData(MetricNames.Fallback, "surface")]
    [InlineData(MetricNames.StoreFailures, "surface")]
    public void PerSurfaceRankingMetrics_AreRecordedWithASurface(string metric, string surfaceArgument)
    {
        var source = Read("src/Shared/Ranking.Lambda/Metrics/RankingEmfMetrics.cs");
        Assert.Matches($@"Record\(""{metric}"", [^;]*, {surfaceArgument}\);", source);
    }

    [Fact]
    public void FeedMetrics_AreRecordedWithTheDimensionsTheFeedFailuresAlarmUses()
    {
        var function = Read("src/Functions/Ranking.Functions.FeedRerank/FeedRerankFunction.cs");
        // FeedsMalformed: function level (no surface is known for a message that does not parse).
        Assert.Matches(@"Record\(""FeedsMalformed"", [^,]+, EmfUnit\.Count\);", function);
        // FeedsFailed: per surface, from the handler's outcome and from a thrown store failure.
        Assert.Matches(@"Record\(""FeedsFailed"", 1, EmfUnit\.Count, surface\);", function);
        Assert.Contains("_ => \"FeedsFailed\"", Read("src/Shared/Ranking.Lambda/Metrics/RankingEmfMetrics.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ranked", MetricNames.FeedsRanked)]
    [InlineData("Stale", MetricNames.FeedsStale)]
    [InlineData("Empty", MetricNames.FeedsEmpty)]
    [InlineData("Superseded", MetricNames.FeedsSuperseded)]
    public void FeedOutcomes_EachHaveTheirOwnMetric_SoOnlyFailuresReachTheFeedFailuresAlarm(string outcome, string metric)
    {
        Assert.Contains($"FeedRerankOutcome.{outcome} => \"{metric}\"", Read("src/Shared/Ranking.Lambda/Metrics/RankingEmfMetrics.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MetricNames.ModelVersions)]
    [InlineData(MetricNames.ModelPackageProblems)]
    [InlineData(MetricNames.ModelSourceErrors)]
    public void ModelRefreshMetrics_AreFunctionLevel(string metric)
    {
        Assert.Matches($@"Record\(""{metric}"", [^,]+, EmfUnit\.Count\);", Read("src/Functions/Ranking.Functions.ModelRefresh/ModelRefreshFunction.cs"));
    }

    [Theory]
    [InlineData(MetricNames.ModelsPromoted)]
    [InlineData(MetricNames.ModelsRejected)]
    public void PromotionMetrics_AreFunctionLevel_AsTheModelsRejectedAlarmExpects(string metric)
    {
        Assert.Matches($@"Record\(""{metric}"", 1, EmfUnit\.Count\);", Read("src/Functions/Ranking.Functions.ModelRefresh/ModelPromotion.cs"));
    }

    [Fact]
    public void ModelPackagesRootPrefix_IsTheS3StoresPrefix_WhichTheGrantsAreScopedTo()
    {
        Assert.Equal(Ranking.Stores.S3.S3ModelPackages.RootPrefix, ModelPackages.RootPrefix);
    }

    [Fact]
    public void ColdStart_IsTheEmfWritersFunctionLevelMetric()
    {
        Assert.Contains($"ColdStartMetric = \"{MetricNames.ColdStart}\"", Read("src/Shared/Ranking.Lambda/Metrics/EmfMetrics.cs"), StringComparison.Ordinal);
    }

    private static string Read(string relativePath) => File.ReadAllText(Path.Combine(RepoRoot.Path, relativePath));

    private static Dictionary<string, string> Constants(string source) =>
        ConstantPattern().Matches(source).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);

    private static Dictionary<string, string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);

    [GeneratedRegex(@"const string (?<name>\w+) = ""(?<value>[^""]*)"";")]
    private static partial Regex ConstantPattern();
}

using Ranking.Contracts;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Lambda.Runtime;

namespace Ranking.Functions.Hosting.Tests.Configuration;

/// <summary>Settings are read once at init; a bad variable fails init with a message naming it and what it expects.</summary>
public sealed class FunctionSettingsTests
{
    private static readonly Dictionary<string, string?> s_rank = new()
    {
        [EnvironmentNames.ItemsTable] = "items-table",
        [EnvironmentNames.UsersTable] = "users-table",
        [EnvironmentNames.ModelsBucket] = "models-bucket",
        [EnvironmentNames.Surfaces] = "feed=feed-ltr;search=search-ltr",
    };

    private static FunctionSettings Load(Dictionary<string, string?> variables, FunctionNeeds needs = FunctionNeeds.Items | FunctionNeeds.Users | FunctionNeeds.Models) =>
        FunctionSettings.Load(new DictionaryEnvironment(variables), needs);

    private static Dictionary<string, string?> Rank(string name, string? value) => new(s_rank) { [name] = value };

    [Fact]
    public void Load_WithOnlyWhatTheFunctionNeeds_TakesTheDefaultsForTheRest()
    {
        var settings = Load(s_rank);

        Assert.Equal("items-table", settings.ItemsTable);
        Assert.Null(settings.FeedsTable);
        Assert.Equal(new Dictionary<string, string> { ["feed"] = "feed-ltr", ["search"] = "search-ltr" }, settings.Surfaces);
        Assert.Equal(1000, settings.MaxCandidates);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.Deadline);
        Assert.Equal(MetricNames.Namespace, settings.MetricsNamespace);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.ModelTtl);
        Assert.Empty(settings.Shadows);
        Assert.False(settings.TreesOnly);
        // DESIGN.md's default: every response of every surface, every position.
        Assert.Equal((1, 1, int.MaxValue), (settings.Impressions.SampleOf("feed"), settings.Impressions.SampleOf("search"), settings.Impressions.Top));
    }

    [Fact]
    public void Load_WithLogSampleAndTop_SamplesPerSurfaceAndCapsPositions()
    {
        var variables = Rank(EnvironmentNames.LogSample, "feed=0.1");
        variables[EnvironmentNames.LogTop] = "20";

        var settings = Load(variables);

        Assert.Equal(0.1, settings.Impressions.SampleOf("feed"));
        Assert.Equal(1, settings.Impressions.SampleOf("search"));
        Assert.Equal(20, settings.Impressions.Top);
    }

    [Theory]
    [InlineData(EnvironmentNames.ItemsTable, null, "RANKING_ITEMS_TABLE is not set; this function needs it.")]
    [InlineData(EnvironmentNames.ItemsTable, "a/b", "RANKING_ITEMS_TABLE is 'a/b', not a DynamoDB table name")]
    [InlineData(EnvironmentNames.ModelsBucket, "Models_Bucket", "RANKING_MODELS_BUCKET is 'Models_Bucket', not an S3 bucket name")]
    [InlineData(EnvironmentNames.Surfaces, "feed", "RANKING_SURFACES is 'feed'")]
    [InlineData(EnvironmentNames.MaxCandidates, "0", "RANKING_MAX_CANDIDATES is '0', expected an integer from 1 to 10000.")]
    [InlineData(EnvironmentNames.DeadlineMs, "1e3", "RANKING_DEADLINE_MS is '1e3', expected an integer")]
    [InlineData(EnvironmentNames.QualityTolerance, "1.5", "RANKING_QUALITY_TOLERANCE is '1.5', expected a number from 0 to 1.")]
    [InlineData(EnvironmentNames.Shadow, "homepage=x:2@0.1", "RANKING_SHADOW: ")]
    [InlineData(EnvironmentNames.LogSample, "feed=2", "RANKING_LOG_SAMPLE: 'feed=2' is not surface=fraction")]
    [InlineData(EnvironmentNames.LogSample, "home=0.5", "RANKING_LOG_SAMPLE: 'home=0.5' names surface 'home'")]
    [InlineData(EnvironmentNames.LogTop, "0", "RANKING_LOG_TOP is '0', expected an integer from 1")]
    [InlineData(EnvironmentNames.TreesOnly, "yes", "RANKING_TREES_ONLY is 'yes', expected true or false.")]
    [InlineData(EnvironmentNames.Rules, "{\"feed\": {\"diversity\": [{\"attribute\": \"brand\", \"max\": 1}]}}", "RANKING_RULES: feed.diversity[0].window is required")]
    [InlineData(EnvironmentNames.Rules, "feed=strict", "RANKING_RULES: not JSON")]
    [InlineData(EnvironmentNames.ModelDirectory, "/no/such/folder", "RANKING_MODEL_DIR is '/no/such/folder', which is not a directory.")]
    public void Load_WithABadVariable_FailsNamingIt(string name, string? value, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(Rank(name, value)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithRules_GivesEachSurfaceItsOwn()
    {
        var settings = Load(Rank(EnvironmentNames.Rules, """{"feed": {"diversity": []}}"""));

        Assert.Empty(settings.Rules["feed"].Diversity);
        Assert.Same(Contracts.Rules.SurfaceRulesSettings.Default, settings.Rules["search"]);
    }

    [Fact]
    public void Load_WithTreesOnly_TellsTheGates()
    {
        Assert.True(Load(Rank(EnvironmentNames.TreesOnly, "true")).TreesOnly);
    }

    [Fact]
    public void Load_WithAModelDirectory_NeedsNoBucket()
    {
        var variables = Rank(EnvironmentNames.ModelsBucket, null);
        variables[EnvironmentNames.ModelDirectory] = Path.GetTempPath();

        var settings = Load(variables);

        Assert.Null(settings.ModelsBucket);
        Assert.Equal(Path.GetTempPath(), settings.ModelDirectory);
    }

    [Fact]
    public void Load_ReadsOnlyTheVariablesItsNeedsName()
    {
        // ModelRefresh needs the registry and the bucket, not the item or user tables.
        var settings = Load(
            new Dictionary<string, string?> { [EnvironmentNames.ModelsTable] = "models", [EnvironmentNames.ModelsBucket] = "bucket", [EnvironmentNames.Surfaces] = "feed=feed-ltr" },
            FunctionNeeds.Registry | FunctionNeeds.Bucket);

        Assert.Equal("models", settings.ModelsTable);
        Assert.Null(settings.ItemsTable);
    }
}

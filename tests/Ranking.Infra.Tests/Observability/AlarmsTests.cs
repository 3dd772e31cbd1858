using System.Text.Json;
using Amazon.CDK.Assertions;
using Ranking.Infra.Configuration;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Observability;

public sealed class AlarmsTests
{
    [Theory]
    [InlineData("feed")]
    [InlineData("search")]
    public void RankP99Latency_WatchesRankLatency_WithTheFunctionAndSurfaceDimensions(string surface)
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmName", $"Ranking-RankP99Latency-{surface}"),
            ("Namespace", "Ranking"),
            ("MetricName", "RankLatency"),
            ("ExtendedStatistic", "p99"),
            ("Period", 300),
            ("Threshold", 500),
            ("ComparisonOperator", "GreaterThanThreshold"),
            ("EvaluationPeriods", 3),
            ("DatapointsToAlarm", 2),
            ("TreatMissingData", "notBreaching"),
            ("Dimensions", PerSurface(synth, synth.Stack.Functions.Rank, surface))));
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("search")]
    public void FallbackRate_IsTheAverageOfFallback_AgainstTheContextRate(string surface)
    {
        var synth = Synth.Run((ContextKeys.AlarmFallbackRate, "0.1"));
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmName", $"Ranking-FallbackRate-{surface}"),
            ("Namespace", "Ranking"),
            ("MetricName", "Fallback"),
            ("Statistic", "Average"),
            ("Threshold", 0.1),
            ("ComparisonOperator", "GreaterThanThreshold"),
            ("Dimensions", PerSurface(synth, synth.Stack.Functions.Rank, surface))));
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("search")]
    public void ScoreDrift_IsTheWorstScorePsiWindow_AboveTwoTenths(string surface)
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmName", $"Ranking-ScoreDrift-{surface}"),
            ("Namespace", "Ranking"),
            ("MetricName", "ScorePsi"),
            ("Statistic", "Maximum"),
            ("Threshold", 0.2),
            ("ComparisonOperator", "GreaterThanThreshold"),
            ("Dimensions", PerSurface(synth, synth.Stack.Functions.Rank, surface))));
    }

    [Fact]
    public void Api5xx_AlarmsOnTheFirstServerError()
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmName", "Ranking-Api5xx"),
            ("Namespace", "AWS/ApiGateway"),
            ("MetricName", "5xx"),
            ("Statistic", "Sum"),
            ("Threshold", 1),
            ("ComparisonOperator", "GreaterThanOrEqualToThreshold"),
            ("Dimensions", new object[] { Of(("Name", "ApiId"), ("Value", Of(("Ref", synth.LogicalId(synth.Stack.Api.Api)))))})));
    }

    [Fact]
    public void DeadLetterDepth_AlarmsAboveZero()
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmName", "Ranking-FeedDeadLetters"),
            ("Namespace", "AWS/SQS"),
            ("MetricName", "ApproximateNumberOfMessagesVisible"),
            ("Statistic", "Maximum"),
            ("Period", 60),
            ("Threshold", 0),
            ("ComparisonOperator", "GreaterThanThreshold"),
            ("Dimensions", new object[]
            {
                Of(("Name", "QueueName"), ("Value", Of(("Fn::GetAtt", new object[] { synth.LogicalId(synth.Stack.Feeds.DeadLetters), "QueueName" })))),
            })));
    }

    [Fact]
    public void FeedFailures_SumsFailedPerSurface_AndMalformedPerFunction()
    {
        var synth = Synth.Run((ContextKeys.AlarmFeedFailures, 3));
        var alarm = AlarmNamed(synth, "Ranking-FeedFailures");
        Assert.Equal(3, alarm.GetProperty("Threshold").GetInt32());
        Assert.Equal("GreaterThanOrEqualToThreshold", alarm.GetProperty("ComparisonOperator").GetString());
        var queries = alarm.GetProperty("Metrics").EnumerateArray().ToList();
        var expression = queries.Single(q => q.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString();
        Assert.Equal("FILL(malformed, 0) + FILL(failed0, 0) + FILL(failed1, 0)", expression);

        var function = synth.LogicalId(synth.Stack.Functions.FeedRerank);
        var stats = queries.Where(q => q.TryGetProperty("MetricStat", out _)).ToDictionary(q => q.GetProperty("Id").GetString()!, q => q.GetProperty("MetricStat"));
        AssertMetric(stats["malformed"], "FeedsMalformed", function, null);
        AssertMetric(stats["failed0"], "FeedsFailed", function, "feed");
        AssertMetric(stats["failed1"], "FeedsFailed", function, "search");
    }

    [Fact]
    public void ModelsRejected_AlarmsOnTheFirstRejection_FromModelRefresh()
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmName", "Ranking-ModelsRejected"),
            ("Namespace", "Ranking"),
            ("MetricName", "ModelsRejected"),
            ("Statistic", "Sum"),
            ("Threshold", 1),
            ("ComparisonOperator", "GreaterThanOrEqualToThreshold"),
            ("Dimensions", new object[] { Of(("Name", "Function"), ("Value", Of(("Ref", synth.LogicalId(synth.Stack.Functions.ModelRefresh))))) })));
    }

    [Theory]
    [InlineData("Ranking-FeedRerankErrors")]
    [InlineData("Ranking-ModelRefreshErrors")]
    public void FunctionErrors_AreAlarmed_ForTheFunctionsNoMetricLineCovers(string name)
    {
        var alarm = AlarmNamed(Synth.Default, name);
        Assert.Equal("AWS/Lambda", alarm.GetProperty("Namespace").GetString());
        Assert.Equal("Errors", alarm.GetProperty("MetricName").GetString());
    }

    [Fact]
    public void EveryAlarm_NotifiesTheAlarmTopic_OnAlarmAndOk()
    {
        var synth = Synth.Default;
        var topic = synth.LogicalId(synth.Stack.Observability.AlarmTopic);
        // Per surface: latency, fallback, drift, training, backfill failures (10); the API's 5xx, dead letters, feed failures,
        // rejected models, three functions' errors, failed backfills (8).
        synth.Template.ResourceCountIs("AWS::CloudWatch::Alarm", 18);
        synth.Template.AllResourcesProperties("AWS::CloudWatch::Alarm", Of(
            ("AlarmActions", new object[] { Of(("Ref", topic)) }),
            ("OKActions", new object[] { Of(("Ref", topic)) }),
            ("TreatMissingData", "notBreaching")));
        synth.Template.ResourceCountIs("AWS::SNS::Subscription", 0);
    }

    [Fact]
    public void AlarmEmail_SubscribesToTheTopic()
    {
        Synth.Run((ContextKeys.AlarmEmail, "oncall@example.com")).Template.HasResourceProperties("AWS::SNS::Subscription", Of(
            ("Protocol", "email"),
            ("Endpoint", "oncall@example.com")));
    }

    [Fact]
    public void ConfiguredSurfaces_EachGetTheirOwnLatencyAndFallbackAlarms()
    {
        var synth = Synth.Run((ContextKeys.Surfaces, "feed=feed-ltr;search=search-ltr;similar=sim-ltr"));
        // 'similar' has no feature file, so no training pipeline and no TrainingFailed alarm of its own.
        synth.Template.ResourceCountIs("AWS::CloudWatch::Alarm", 22);
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(("AlarmName", "Ranking-RankP99Latency-similar")));
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(("AlarmName", "Ranking-ScoreDrift-similar")));
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Of(("AlarmName", "Ranking-FallbackRate-similar")));
    }

    private static object[] PerSurface(Synthesized synth, Amazon.CDK.AWS.Lambda.Function function, string surface) =>
    [
        Of(("Name", "Function"), ("Value", Of(("Ref", synth.LogicalId(function))))),
        Of(("Name", "Surface"), ("Value", surface)),
    ];

    private static JsonElement AlarmNamed(Synthesized synth, string name) =>
        synth.Resources("AWS::CloudWatch::Alarm").Single(a => a.Properties.GetProperty("AlarmName").GetString() == name).Properties;

    private static void AssertMetric(JsonElement stat, string name, string functionLogicalId, string? surface)
    {
        var metric = stat.GetProperty("Metric");
        Assert.Equal("Ranking", metric.GetProperty("Namespace").GetString());
        Assert.Equal(name, metric.GetProperty("MetricName").GetString());
        Assert.Equal("Sum", stat.GetProperty("Stat").GetString());
        var dimensions = metric.GetProperty("Dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value"));
        Assert.Equal(surface is null ? ["Function"] : ["Function", "Surface"], dimensions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(functionLogicalId, dimensions["Function"].GetProperty("Ref").GetString());
        if (surface is not null)
        {
            Assert.Equal(surface, dimensions["Surface"].GetString());
        }
    }
}

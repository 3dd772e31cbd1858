using System.Text.Json;

namespace Ranking.Infra.Tests.Observability;

public sealed class DashboardTests
{
    [Fact]
    public void Dashboard_ChartsTheRankingMetrics_FromTheEmfNamespace()
    {
        var body = DashboardBody(Synth.Default);
        foreach (var metric in new[]
        {
            "RankLatency", "ScoringLatency", "Fallback", "Fallback_model_unavailable", "Fallback_scoring_failed", "Fallback_deadline",
            "Candidates", "MissingFeatures", "MissingItems", "StoreFailures", "FeedsRanked", "FeedsStale", "FeedsEmpty", "FeedsFailed",
            "FeedsMalformed", "ModelsPromoted", "ModelsRejected", "ModelPackageProblems", "ModelSourceErrors", "ModelVersions", "ColdStart",
        })
        {
            Assert.Contains($"\"Ranking\",\"{metric}\"", body, StringComparison.Ordinal);
        }

        Assert.Contains("SEARCH('{Ranking,Function} Function=\\\"", body, StringComparison.Ordinal);
        // The business rules' per-surface counts, whose names come from the deployment's rules.
        Assert.Contains("SEARCH('{Ranking,Function,Surface} Function=\\\"", body, StringComparison.Ordinal);
        Assert.Contains("(Removed OR Boosted OR Demoted OR MetricName=\\\"Pinned\\\")', 'Sum', 300)", body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"alarm\"", body, StringComparison.Ordinal);
        Assert.Contains("AWS/ApiGateway", body, StringComparison.Ordinal);
        Assert.Contains("AWS/SQS", body, StringComparison.Ordinal);
        Assert.Contains("AWS/Lambda", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_IsNamedAfterTheStack()
    {
        var synth = Synth.Run((Ranking.Infra.Configuration.ContextKeys.StackName, "RankingStaging"));
        var dashboard = Assert.Single(synth.Resources("AWS::CloudWatch::Dashboard")).Properties;
        Assert.Equal("RankingStaging-ranking", dashboard.GetProperty("DashboardName").GetString());
        Assert.Equal("RankingStaging", synth.Stack.StackName);
    }

    /// <summary>The body is an <c>Fn::Join</c> of literal JSON around tokens; the literals are what a reader sees.</summary>
    private static string DashboardBody(Synthesized synth)
    {
        var body = Assert.Single(synth.Resources("AWS::CloudWatch::Dashboard")).Properties.GetProperty("DashboardBody");
        return string.Concat(body.GetProperty("Fn::Join")[1].EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : "<token>"));
    }
}

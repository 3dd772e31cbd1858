using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Lambda;
using Ranking.Contracts;

namespace Ranking.Infra.Observability;

internal sealed partial class RankingObservability
{
    private static readonly string[] s_fallbackReasons = ["model_unavailable", "scoring_failed", "deadline"];

    private Dashboard CreateDashboard(RankingObservabilityProps props)
    {
        var functions = props.Functions;
        var surfaces = props.Settings.Surfaces.Select(s => s.Key).ToList();
        var api = props.Api.Api;
        var dashboard = new Dashboard(this, "Dashboard", new DashboardProps
        {
            DashboardName = $"{Amazon.CDK.Stack.Of(this).StackName}-ranking",
            DefaultInterval = Duration.Hours(3),
        });

        dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps
        {
            Title = "Alarms",
            Alarms = [.. _alarms],
            Width = 24,
            Height = 3,
        }));

        dashboard.AddWidgets(
            Graph("Ranking latency p50 / p99 (ms)",
                [.. surfaces.SelectMany(s => new IMetric[]
                {
                    RankingMetrics.PerSurface(MetricNames.RankLatency, functions.Rank, s, "p50", $"{s} p50"),
                    RankingMetrics.PerSurface(MetricNames.RankLatency, functions.Rank, s, "p99", $"{s} p99"),
                })],
                right: [.. surfaces.Select(s => RankingMetrics.PerSurface(MetricNames.ScoringLatency, functions.Rank, s, "p99", $"{s} scoring p99"))]),
            Graph("Fallback rate (share of requests)",
                [.. surfaces.Select(s => RankingMetrics.PerSurface(MetricNames.Fallback, functions.Rank, s, "Average", $"{s} fallback rate"))],
                right: [.. surfaces.SelectMany(s => s_fallbackReasons.Select(r =>
                    RankingMetrics.PerSurface(MetricNames.FallbackPrefix + r, functions.Rank, s, "Sum", $"{s} {r}")))]),
            Graph("API requests and errors",
                [
                    api.MetricCount(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum", Label = "requests" }),
                    api.MetricClientError(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum", Label = "4xx" }),
                    api.MetricServerError(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum", Label = "5xx" }),
                ],
                right: [Rejections(functions.Rank)]));

        dashboard.AddWidgets(
            Graph("Drift: PSI against the training baseline (worst window)",
                [.. surfaces.Select(s => RankingMetrics.PerSurface(MetricNames.ScorePsi, functions.Rank, s, "Maximum", $"{s} scores"))],
                right: [.. surfaces.Select(s => RankingMetrics.PerSurface(MetricNames.FeaturePsiMax, functions.Rank, s, "Maximum", $"{s} worst feature"))]),
            Graph("Experiments (sum)",
                [.. surfaces.SelectMany(s => new IMetric[]
                {
                    RankingMetrics.PerSurface(MetricNames.ExperimentGuardrailTrips, functions.Rank, s, "Sum", $"{s} guardrail trips"),
                    RankingMetrics.PerSurface(MetricNames.ExperimentLoadFailures, functions.Rank, s, "Sum", $"{s} load failures"),
                })]),
            Graph("Business rules: items removed, boosted, demoted, pinned (sum)", [Rules(functions.Rank, "rank"), Rules(functions.FeedRerank, "feeds")]));

        dashboard.AddWidgets(
            Graph("Candidates per request (average)",
                [.. surfaces.Select(s => RankingMetrics.PerSurface(MetricNames.Candidates, functions.Rank, s, "Average", s))]),
            Graph("Missing features / items (sum)",
                [.. surfaces.SelectMany(s => new IMetric[]
                {
                    RankingMetrics.PerSurface(MetricNames.MissingFeatures, functions.Rank, s, "Sum", $"{s} missing features"),
                    RankingMetrics.PerSurface(MetricNames.MissingItems, functions.Rank, s, "Sum", $"{s} missing items"),
                })]),
            Graph("Store failures (sum)",
                [.. surfaces.SelectMany(s => new IMetric[]
                {
                    RankingMetrics.PerSurface(MetricNames.StoreFailures, functions.Rank, s, "Sum", $"rank {s}"),
                    RankingMetrics.PerSurface(MetricNames.StoreFailures, functions.FeedRerank, s, "Sum", $"feeds {s}"),
                })]));

        dashboard.AddWidgets(
            Graph("Feed re-ranks (sum)",
                [.. surfaces.SelectMany(s => new[] { MetricNames.FeedsRanked, MetricNames.FeedsStale, MetricNames.FeedsEmpty, MetricNames.FeedsFailed }
                    .Select(m => (IMetric)RankingMetrics.PerSurface(m, functions.FeedRerank, s, "Sum", $"{s} {m}")))
                    .Append(RankingMetrics.PerFunction(MetricNames.FeedsMalformed, functions.FeedRerank, "Sum", "malformed"))]),
            Graph("Feed queue",
                [
                    props.Feeds.Queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum", Label = "visible" }),
                    props.Feeds.DeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum", Label = "dead letters" }),
                ],
                right: [props.Feeds.Queue.MetricApproximateAgeOfOldestMessage(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum", Label = "oldest (s)" })]),
            Graph("Feed backfill: re-rank messages sent / not sent (sum)",
                [.. surfaces.Select(s => (IMetric)RankingMetrics.PerSurface(MetricNames.FeedsEnqueued, functions.FeedBackfill, s, "Sum", $"{s} sent"))],
                right: [.. surfaces.Select(s => (IMetric)RankingMetrics.PerSurface(MetricNames.FeedsEnqueueFailures, functions.FeedBackfill, s, "Sum", $"{s} not sent"))]),
            Graph("Models",
                [
                    RankingMetrics.PerFunction(MetricNames.ModelsPromoted, functions.ModelRefresh, "Sum", "promoted"),
                    RankingMetrics.PerFunction(MetricNames.ModelsRejected, functions.ModelRefresh, "Sum", "rejected"),
                    RankingMetrics.PerFunction(MetricNames.ModelPackageProblems, functions.ModelRefresh, "Maximum", "package problems"),
                    RankingMetrics.PerFunction(MetricNames.ModelSourceErrors, functions.ModelRefresh, "Sum", "source errors"),
                ],
                right: [RankingMetrics.PerFunction(MetricNames.ModelVersions, functions.ModelRefresh, "Maximum", "versions")]));

        var named = new (string Name, Function Function)[] { ("rank", functions.Rank), ("feed", functions.FeedRerank), ("refresh", functions.ModelRefresh) };
        dashboard.AddWidgets(
            Graph("Lambda duration p99 (ms)",
                [.. named.Select(f => f.Function.MetricDuration(new MetricOptions { Period = RankingMetrics.Period, Statistic = "p99", Label = f.Name }))]),
            Graph("Lambda errors and throttles (sum)",
                [.. named.SelectMany(f => new IMetric[]
                {
                    f.Function.MetricErrors(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum", Label = $"{f.Name} errors" }),
                    f.Function.MetricThrottles(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum", Label = $"{f.Name} throttles" }),
                })]),
            Graph("Cold starts (sum)",
                [.. named.Select(f => RankingMetrics.PerFunction(MetricNames.ColdStart, f.Function, "Sum", f.Name))]));
        return dashboard;
    }

    private static GraphWidget Graph(string title, IMetric[] left, IMetric[]? right = null) => new(new GraphWidgetProps
    {
        Title = title,
        Left = left,
        Right = right,
        Width = 8,
        Height = 6,
    });

    /// <summary>
    /// What the business rules did, one line per surface and rule (<c>Removed_filter_cheap</c>, <c>Boosted_promoted</c>):
    /// the names come from the deployment's rules, so a search expression charts them without listing them.
    /// </summary>
    private static MathExpression Rules(IFunction function, string label) => new(new MathExpressionProps
    {
        Expression = $"SEARCH('{{{MetricNames.Namespace},{MetricNames.FunctionDimension},{MetricNames.SurfaceDimension}}} {MetricNames.FunctionDimension}=\"{function.FunctionName}\" "
            + $"({MetricNames.RemovedPrefix.TrimEnd('_')} OR {MetricNames.BoostedPrefix.TrimEnd('_')} OR {MetricNames.DemotedPrefix.TrimEnd('_')} OR MetricName=\"{MetricNames.Pinned}\")', 'Sum', 300)",
        Label = label,
        Period = RankingMetrics.Period,
    });

    /// <summary>
    /// Requests the Rank function refused, one line per error code: <c>Rejected_&lt;code&gt;</c> is an open set, which
    /// only a search expression (allowed in dashboards, not in alarms) can chart without listing every code.
    /// </summary>
    private static MathExpression Rejections(IFunction rank) => new(new MathExpressionProps
    {
        Expression = $"SEARCH('{{{MetricNames.Namespace},{MetricNames.FunctionDimension}}} {MetricNames.FunctionDimension}=\"{rank.FunctionName}\" {MetricNames.RejectedPrefix.TrimEnd('_')}', 'Sum', 300)",
        Label = "rejected",
        Period = RankingMetrics.Period,
    });
}

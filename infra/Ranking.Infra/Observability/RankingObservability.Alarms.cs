using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Ranking.Contracts;

namespace Ranking.Infra.Observability;

internal sealed partial class RankingObservability
{
    /// <summary>The usual reading of a population stability index: above 0.2 the distribution has shifted in a way that matters.</summary>
    internal const double ScorePsiAlarm = 0.2;

    private void CreateAlarms(RankingObservabilityProps props)
    {
        var settings = props.Settings;
        var functions = props.Functions;
        foreach (var (surface, _) in settings.Surfaces)
        {
            AddAlarm($"RankP99Latency-{surface}", new AlarmProps
            {
                AlarmDescription = $"p99 ranking latency of surface '{surface}' above {settings.AlarmRankP99Ms} ms (RankLatency, EMF) for 2 of 3 five-minute periods.",
                Metric = RankingMetrics.PerSurface(MetricNames.RankLatency, functions.Rank, surface, "p99"),
                Threshold = settings.AlarmRankP99Ms,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 3,
                DatapointsToAlarm = 2,
            });

            // Fallback is 0 or 1 per request, so its average is the share of requests ranked without the model.
            AddAlarm($"FallbackRate-{surface}", new AlarmProps
            {
                AlarmDescription = $"More than {settings.AlarmFallbackRate.ToString("P1", CultureInfo.InvariantCulture)} of '{surface}' requests "
                    + "answered in fallback order (model unavailable, scoring failed or deadline) for 3 five-minute periods.",
                Metric = RankingMetrics.PerSurface(MetricNames.Fallback, functions.Rank, surface, "Average"),
                Threshold = settings.AlarmFallbackRate,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 3,
                DatapointsToAlarm = 3,
            });

            // Each execution environment closes a drift window every few hundred requests: the worst window in a period
            // counts, and a quiet period (no window closed) is not a breach.
            AddAlarm($"ScoreDrift-{surface}", new AlarmProps
            {
                AlarmDescription = $"Scores of surface '{surface}' drifted from the live model's training baseline: population stability index "
                    + $"(ScorePsi, EMF) above {ScorePsiAlarm.ToString(CultureInfo.InvariantCulture)} in 2 of 3 five-minute periods. The per-feature PSIs are on the dashboard.",
                Metric = RankingMetrics.PerSurface(MetricNames.ScorePsi, functions.Rank, surface, "Maximum"),
                Threshold = ScorePsiAlarm,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 3,
                DatapointsToAlarm = 2,
            });
        }

        // The Rank API contract: a 5xx is a bug, so one is worth a look.
        AddAlarm("Api5xx", new AlarmProps
        {
            AlarmDescription = "The ranking API answered 5xx (a bug or a failed invocation of the Rank function).",
            Metric = props.Api.Api.MetricServerError(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum" }),
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
        });

        AddAlarm("FeedDeadLetters", new AlarmProps
        {
            AlarmDescription = "Feed re-rank messages reached the dead-letter queue: inspect them, fix the cause, redrive.",
            Metric = props.Feeds.DeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
            Threshold = 0,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            EvaluationPeriods = 1,
        });

        AddAlarm("FeedFailures", new AlarmProps
        {
            AlarmDescription = $"At least {settings.AlarmFeedFailures} feed re-ranks failed or were malformed in five minutes (FeedsFailed per surface + FeedsMalformed).",
            Metric = FeedFailures(props),
            Threshold = settings.AlarmFeedFailures,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
        });

        AddAlarm("ModelsRejected", new AlarmProps
        {
            AlarmDescription = "ModelRefresh rejected a published model at a validation gate; its registry row says which gate and why.",
            Metric = RankingMetrics.PerFunction(MetricNames.ModelsRejected, functions.ModelRefresh, "Sum"),
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
        });

        // Invocation errors the metrics above cannot see: a bad configuration fails init before any EMF line is written.
        AddAlarm("FeedRerankErrors", FunctionErrors(functions.FeedRerank, "FeedRerank"));
        AddAlarm("ModelRefreshErrors", FunctionErrors(functions.ModelRefresh, "ModelRefresh"));
        AddAlarm("FeedBackfillErrors", FunctionErrors(functions.FeedBackfill, "FeedBackfill"));
        foreach (var (surface, _) in settings.Surfaces)
        {
            AddAlarm($"FeedBackfillFailures-{surface}", new AlarmProps
            {
                AlarmDescription = $"A feed backfill of surface '{surface}' could not send some re-rank messages after retries: the FeedBackfill logs name each user.",
                Metric = RankingMetrics.PerSurface(MetricNames.FeedsEnqueueFailures, functions.FeedBackfill, surface, "Sum", $"{surface} messages not sent"),
                Threshold = 1,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                EvaluationPeriods = 1,
            });
        }

        AddAlarm("FeedBackfillExecutionsFailed", new AlarmProps
        {
            AlarmDescription = "A feed backfill execution failed or timed out: a segment's invocation failed every retry.",
            Metric = ExecutionsFailed(props.Backfill.StateMachine, "Feed backfill executions failed or timed out"),
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
        });

        foreach (var (surface, machine) in props.Training.StateMachines)
        {
            // Failed covers every caught task error (the Fail state); a run past its time limit counts as timed out instead.
            AddAlarm($"TrainingFailed-{surface}", new AlarmProps
            {
                AlarmDescription = $"The training pipeline of surface '{surface}' failed or timed out: the execution's Fail state names the step's error and cause.",
                Metric = ExecutionsFailed(machine, "Training executions failed or timed out"),
                Threshold = 1,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                EvaluationPeriods = 1,
            });
        }
    }

    private static MathExpression FeedFailures(RankingObservabilityProps props)
    {
        var metrics = new Dictionary<string, IMetric>(StringComparer.Ordinal)
        {
            ["malformed"] = RankingMetrics.PerFunction(MetricNames.FeedsMalformed, props.Functions.FeedRerank, "Sum"),
        };
        var index = 0;
        foreach (var (surface, _) in props.Settings.Surfaces)
        {
            metrics[$"failed{index++}"] = RankingMetrics.PerSurface(MetricNames.FeedsFailed, props.Functions.FeedRerank, surface, "Sum");
        }

        // FILL: a surface with no failure writes no datapoint, and a missing term would blank the whole sum.
        return new MathExpression(new MathExpressionProps
        {
            Expression = string.Join(" + ", metrics.Keys.Select(k => $"FILL({k}, 0)")),
            UsingMetrics = metrics,
            Label = "Feed re-ranks failed",
            Period = RankingMetrics.Period,
        });
    }

    /// <summary>A state machine's failed executions (every caught error ends in Fail) plus those past their time limit, which count apart.</summary>
    private static MathExpression ExecutionsFailed(Amazon.CDK.AWS.StepFunctions.StateMachine machine, string label) => new(new MathExpressionProps
    {
        Expression = "FILL(failed, 0) + FILL(timedOut, 0)",
        UsingMetrics = new Dictionary<string, IMetric>(StringComparer.Ordinal)
        {
            ["failed"] = machine.MetricFailed(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum" }),
            ["timedOut"] = machine.MetricTimedOut(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum" }),
        },
        Label = label,
        Period = RankingMetrics.Period,
    });

    private static AlarmProps FunctionErrors(Amazon.CDK.AWS.Lambda.Function function, string name) => new()
    {
        AlarmDescription = $"The {name} function's invocations failed (init error, crash or timeout).",
        Metric = function.MetricErrors(new MetricOptions { Period = RankingMetrics.Period, Statistic = "Sum" }),
        Threshold = 1,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        EvaluationPeriods = 1,
    };

    private void AddAlarm(string name, AlarmProps props)
    {
        // Missing data means nothing happened (no traffic, no failure), never an alarm.
        props.TreatMissingData = TreatMissingData.NOT_BREACHING;
        props.AlarmName = AlarmName(name);
        _alarms.Add(new Alarm(this, name, props));
    }

    /// <summary>Alarm names start with the stack name: two stages in one account never share one, and the topic policy names them.</summary>
    private string AlarmName(string name) => $"{Amazon.CDK.Stack.Of(this).StackName}-{name}";
}

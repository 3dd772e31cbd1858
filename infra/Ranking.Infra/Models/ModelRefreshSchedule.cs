using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace Ranking.Infra.Models;

/// <summary>
/// Runs ModelRefresh every <c>modelRefreshRateMinutes</c>. A run that fails is not retried: the next tick does the
/// same work, and its errors are alarmed. A tick that cannot be delivered within one period is dropped, so late
/// ticks never pile up behind each other.
/// </summary>
internal sealed class ModelRefreshSchedule : Construct
{
    public ModelRefreshSchedule(Construct scope, string id, ModelRefreshScheduleProps props)
        : base(scope, id)
    {
        var period = Duration.Minutes(props.Settings.ModelRefreshRateMinutes);
        // Lambda keeps an asynchronous event for at most 6 hours.
        var asyncAge = Duration.Minutes(Math.Min(props.Settings.ModelRefreshRateMinutes, 360));
        props.ModelRefreshFunction.ConfigureAsyncInvoke(new EventInvokeConfigOptions { RetryAttempts = 0, MaxEventAge = asyncAge });
        Rule = new Rule(this, "Rule", new RuleProps
        {
            Description = "Validates and promotes published ranking models",
            Schedule = Schedule.Rate(period),
            Targets = [new LambdaFunction(props.ModelRefreshFunction, new LambdaFunctionProps { RetryAttempts = 2, MaxEventAge = period })],
        });
    }

    public Rule Rule { get; }
}

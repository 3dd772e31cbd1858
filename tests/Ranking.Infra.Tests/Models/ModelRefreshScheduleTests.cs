using Ranking.Infra.Configuration;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Models;

public sealed class ModelRefreshScheduleTests
{
    [Theory]
    [InlineData(null, "rate(5 minutes)")]
    [InlineData(1, "rate(1 minute)")]
    [InlineData(60, "rate(1 hour)")]
    [InlineData(90, "rate(90 minutes)")]
    public void Rule_RunsModelRefresh_AtTheContextRate(int? minutes, string expression)
    {
        var synth = minutes is null ? Synth.Default : Synth.Run((ContextKeys.ModelRefreshRateMinutes, minutes.Value));
        // Besides the training pipelines' schedules, one per surface (TrainingPipelineTests).
        synth.Template.ResourceCountIs("AWS::Events::Rule", 1 + synth.Stack.Training.StateMachines.Count);
        synth.Template.HasResourceProperties("AWS::Events::Rule", Of(
            ("ScheduleExpression", expression),
            ("State", "ENABLED"),
            ("Targets", new object[]
            {
                Like(("Arn", Of(("Fn::GetAtt", new object[] { synth.LogicalId(synth.Stack.Functions.ModelRefresh), "Arn" })))),
            })));
    }

    [Fact]
    public void EventBridge_MayInvokeModelRefresh_AndFailedRunsWaitForTheNextTick()
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::Lambda::Permission", Of(
            ("Action", "lambda:InvokeFunction"),
            ("Principal", "events.amazonaws.com"),
            ("FunctionName", Of(("Fn::GetAtt", new object[] { synth.LogicalId(synth.Stack.Functions.ModelRefresh), "Arn" })))));
        synth.Template.HasResourceProperties("AWS::Lambda::EventInvokeConfig", Of(
            ("MaximumRetryAttempts", 0),
            ("MaximumEventAgeInSeconds", 300)));
    }
}

using Amazon.CDK.Assertions;
using Ranking.Infra.Configuration;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Feeds;

public sealed class FeedRerankQueueTests
{
    [Fact]
    public void Queue_RedrivesToTheDeadLetterQueue_AfterMaxReceiveCount()
    {
        var synth = Synth.Run((ContextKeys.FeedMaxReceiveCount, 3));
        var deadLetters = synth.LogicalId(synth.Stack.Feeds.DeadLetters);
        Assert.Equal(3, synth.PropertiesOf(synth.Stack.Feeds.Queue).GetProperty("RedrivePolicy").GetProperty("maxReceiveCount").GetInt32());
        synth.Template.HasResourceProperties("AWS::SQS::Queue", Of(("RedrivePolicy", Of(
            ("deadLetterTargetArn", Of(("Fn::GetAtt", new object[] { deadLetters, "Arn" }))),
            ("maxReceiveCount", 3)))));
        Assert.Equal(1_209_600, synth.PropertiesOf(synth.Stack.Feeds.DeadLetters).GetProperty("MessageRetentionPeriod").GetInt32());
    }

    [Fact]
    public void Queues_AreEncrypted()
    {
        Synth.Default.Template.AllResourcesProperties("AWS::SQS::Queue", Of(("SqsManagedSseEnabled", true)));
    }

    [Theory]
    [InlineData(60, 2, 362)]
    [InlineData(30, 0, 180)]
    [InlineData(900, 300, 5700)]
    public void VisibilityTimeout_IsSixTimesTheFunctionTimeoutPlusTheBatchingWindow(int timeout, int window, int visibility)
    {
        var synth = Synth.Run((ContextKeys.FeedRerankTimeoutSeconds, timeout), (ContextKeys.FeedBatchWindowSeconds, window));
        var queue = synth.PropertiesOf(synth.Stack.Feeds.Queue).GetProperty("VisibilityTimeout").GetInt32();
        var function = synth.PropertiesOf(synth.Stack.Functions.FeedRerank).GetProperty("Timeout").GetInt32();
        Assert.Equal(visibility, queue);
        Assert.True(queue >= 6 * function, $"{queue} < 6 x {function}");
    }

    [Fact]
    public void EventSourceMapping_ReportsBatchItemFailures_WithBatchWindowAndMaxConcurrency()
    {
        var synth = Synth.Run((ContextKeys.FeedBatchSize, 25), (ContextKeys.FeedBatchWindowSeconds, 4), (ContextKeys.FeedMaxConcurrency, 20));
        synth.Template.ResourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        synth.Template.HasResourceProperties("AWS::Lambda::EventSourceMapping", Of(
            ("FunctionName", Of(("Ref", synth.LogicalId(synth.Stack.Functions.FeedRerank)))),
            ("EventSourceArn", Of(("Fn::GetAtt", new object[] { synth.LogicalId(synth.Stack.Feeds.Queue), "Arn" }))),
            ("FunctionResponseTypes", new object[] { "ReportBatchItemFailures" }),
            ("BatchSize", 25),
            ("MaximumBatchingWindowInSeconds", 4),
            ("ScalingConfig", Of(("MaximumConcurrency", 20)))));
    }

    [Fact]
    public void EventSourceMapping_Defaults()
    {
        Synth.Default.Template.HasResourceProperties("AWS::Lambda::EventSourceMapping", Of(
            ("FunctionResponseTypes", new object[] { "ReportBatchItemFailures" }),
            ("BatchSize", 10),
            ("MaximumBatchingWindowInSeconds", 2),
            ("ScalingConfig", Of(("MaximumConcurrency", 10)))));
    }
}

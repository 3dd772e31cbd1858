using System.Text.Json;
using Ranking.Contracts;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Tests.Feeds;

public sealed class FeedBackfillTests
{
    [Fact]
    public void StateMachine_MapsOverTheSegments_LoopingEachUntilDone_AndRetriesAllButARefusedRequest()
    {
        var synth = Synth.Default;
        using var definition = Definition(synth);
        var states = definition.RootElement.GetProperty("States");
        Assert.Equal("States.ArrayRange(0, States.MathAdd($.segments, -1), 1)", states.GetProperty("Segments").GetProperty("Parameters").GetProperty("indexes.$").GetString());
        var map = states.GetProperty("EachSegment");
        Assert.Equal("$.indexes", map.GetProperty("ItemsPath").GetString());
        Assert.Equal(4, map.GetProperty("MaxConcurrency").GetInt32());
        var inner = map.GetProperty("ItemProcessor").GetProperty("States");
        var enqueue = inner.GetProperty("Enqueue");
        Assert.Equal($"<{synth.LogicalId(synth.Stack.Functions.FeedBackfill)}>", enqueue.GetProperty("Parameters").GetProperty("FunctionName").GetString());
        Assert.Equal(["surface.$", "segment.$", "segments.$", "after.$"], enqueue.GetProperty("Parameters").GetProperty("Payload").EnumerateObject().Select(p => p.Name));
        var retries = enqueue.GetProperty("Retry").EnumerateArray().ToList();
        Assert.Equal(("InvalidDataException", 0), (retries[0].GetProperty("ErrorEquals")[0].GetString(), retries[0].GetProperty("MaxAttempts").GetInt32()));
        Assert.Equal("States.ALL", retries[1].GetProperty("ErrorEquals")[0].GetString());
        Assert.Equal("States.MathAdd($.sent, $.step.sent)", inner.GetProperty("Tally").GetProperty("Parameters").GetProperty("sent.$").GetString());
        var loop = Assert.Single(inner.GetProperty("SegmentDone").GetProperty("Choices").EnumerateArray());
        Assert.Equal(("$.done", false, "Enqueue"), (loop.GetProperty("Variable").GetString(), loop.GetProperty("BooleanEquals").GetBoolean(), loop.GetProperty("Next").GetString()));
    }

    [Fact]
    public void APipePerSurface_StartsABackfill_WhenItsModelsLiveAliasIsWritten()
    {
        var synth = Synth.Default;
        var models = synth.PropertiesOf(synth.Stack.Data.Models);
        Assert.Equal("NEW_IMAGE", models.GetProperty("StreamSpecification").GetProperty("StreamViewType").GetString());
        var pipes = synth.Resources("AWS::Pipes::Pipe").Select(p => p.Properties).ToList();
        Assert.Equal(2, pipes.Count);
        foreach (var (surface, model) in new[] { ("feed", "feed-ltr"), ("search", "search-ltr") })
        {
            var pipe = Assert.Single(pipes, p => p.GetProperty("TargetParameters").GetProperty("InputTemplate").GetString()!.Contains($"\"surface\":\"{surface}\"", StringComparison.Ordinal));
            using var pattern = JsonDocument.Parse(pipe.GetProperty("SourceParameters").GetProperty("FilterCriteria").GetProperty("Filters")[0].GetProperty("Pattern").GetString()!);
            var keys = pattern.RootElement.GetProperty("dynamodb").GetProperty("Keys");
            Assert.Equal(model, keys.GetProperty(TableSchemas.Models.Name).GetProperty("S")[0].GetString());
            Assert.Equal(TableSchemas.Models.LiveAlias, keys.GetProperty(TableSchemas.Models.Version).GetProperty("S")[0].GetString());
            // The placeholder as Pipes reads it: literal angle brackets in the template's text.
            var template = pipe.GetProperty("TargetParameters").GetProperty("InputTemplate").GetString()!;
            Assert.Contains($"\"promoted\":\"{model}/<$.dynamodb.NewImage.liveVersion.S>\"", template, StringComparison.Ordinal);
            using var input = JsonDocument.Parse(template.Replace("<$.dynamodb.NewImage.liveVersion.S>", "7", StringComparison.Ordinal));
            Assert.Equal(8, input.RootElement.GetProperty("segments").GetInt32());
            Assert.Equal($"{model}/7", input.RootElement.GetProperty("promoted").GetString());
            Assert.Equal(synth.LogicalId(synth.Stack.Backfill.StateMachine), pipe.GetProperty("Target").GetProperty("Ref").GetString());
            Assert.Equal("FIRE_AND_FORGET", pipe.GetProperty("TargetParameters").GetProperty("StepFunctionStateMachineParameters").GetProperty("InvocationType").GetString());
        }
    }

    [Fact]
    public void Context_SetsSegmentsConcurrency_AndCanTurnThePipesOff()
    {
        var synth = Synth.Run((ContextKeys.BackfillSegments, 32), (ContextKeys.BackfillConcurrency, 10), (ContextKeys.BackfillAfterPromotion, false));

        Assert.Empty(synth.Resources("AWS::Pipes::Pipe"));
        using var definition = Definition(synth);
        Assert.Equal(10, definition.RootElement.GetProperty("States").GetProperty("EachSegment").GetProperty("MaxConcurrency").GetInt32());
        Assert.DoesNotContain("promotion", synth.Json.GetProperty("Outputs").GetProperty("FeedBackfillStateMachineArn").GetProperty("Description").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_ReadsTheFeedsTableAndTheQueue_AndNothingElse()
    {
        var synth = Synth.Default;
        var variables = synth.PropertiesOf(synth.Stack.Functions.FeedBackfill).GetProperty("Environment").GetProperty("Variables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

        Assert.Equal(
            new[] { EnvironmentNames.FeedQueueUrl, EnvironmentNames.FeedsTable, EnvironmentNames.MetricsNamespace, EnvironmentNames.Surfaces }.Order(StringComparer.Ordinal),
            variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(synth.LogicalId(synth.Stack.Feeds.Queue), variables[EnvironmentNames.FeedQueueUrl].GetProperty("Ref").GetString());
        Assert.Equal(300, synth.PropertiesOf(synth.Stack.Functions.FeedBackfill).GetProperty("Timeout").GetInt32());
    }

    [Fact]
    public void Alarms_WatchMessagesNotSent_AndFailedExecutions()
    {
        var synth = Synth.Default;
        var alarms = synth.Resources("AWS::CloudWatch::Alarm").Select(a => a.Properties).ToList();
        var notSent = Assert.Single(alarms, a => a.GetProperty("AlarmName").GetString() == "Ranking-FeedBackfillFailures-feed");
        Assert.Contains($"\"{MetricNames.FeedsEnqueueFailures}\"", notSent.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(alarms, a => a.GetProperty("AlarmName").GetString() == "Ranking-FeedBackfillExecutionsFailed");
    }

    /// <summary>The definition with each token (an ARN) replaced by its logical id in angle brackets.</summary>
    private static JsonDocument Definition(Synthesized synth)
    {
        var body = synth.PropertiesOf(synth.Stack.Backfill.StateMachine).GetProperty("DefinitionString");
        var text = body.ValueKind == JsonValueKind.String
            ? body.GetString()!
            : string.Concat(body.GetProperty("Fn::Join")[1].EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : $"<{Iam.PolicyStatements.Resources(p).Single()}>"));
        return JsonDocument.Parse(text);
    }
}

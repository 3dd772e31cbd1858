using System.Text.Json;
using Ranking.Infra.Tests.Iam;

namespace Ranking.Infra.Tests.Logs;

public sealed class RecordLogDeliveryTests
{
    [Fact]
    public void SubscriptionFilters_SendRanksImpressionsAndEvents_AndFeedReranksImpressions_ToTheirStreams()
    {
        var synth = Synth.Default;
        var functions = synth.Stack.Functions;
        var rank = synth.LogicalId(functions.LogGroupOf(functions.Rank));
        var feedRerank = synth.LogicalId(functions.LogGroupOf(functions.FeedRerank));
        var impressions = synth.Stack.GetLogicalId(synth.Stack.Logs.ImpressionDelivery);
        var events = synth.Stack.GetLogicalId(synth.Stack.Logs.EventDelivery);
        var filters = synth.Resources("AWS::Logs::SubscriptionFilter")
            .Select(f => (
                LogGroup: f.Properties.GetProperty("LogGroupName").GetProperty("Ref").GetString()!,
                Pattern: f.Properties.GetProperty("FilterPattern").GetString()!,
                Stream: PolicyStatements.Resources(f.Properties.GetProperty("DestinationArn")).Single()))
            .OrderBy(f => f.ToString(), StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            new[]
            {
                (feedRerank, """{ $.log = "impression" }""", impressions),
                (rank, """{ $.log = "event" }""", events),
                (rank, """{ $.log = "impression" }""", impressions),
            }.OrderBy(f => f.ToString(), StringComparer.Ordinal).ToList(),
            filters);
    }

    [Fact]
    public void FunctionLogGroups_AreTheStacksOwn_WithRetention_SoTheFiltersHaveATarget()
    {
        var synth = Synth.Default;
        foreach (var function in new[] { synth.Stack.Functions.Rank, synth.Stack.Functions.FeedRerank })
        {
            var logGroup = synth.Stack.Functions.LogGroupOf(function);
            Assert.Equal(synth.LogicalId(logGroup), synth.PropertiesOf(function).GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString());
            Assert.Equal(30, synth.PropertiesOf(logGroup).GetProperty("RetentionInDays").GetInt32());
        }
    }

    [Fact]
    public void DeliveryStreams_DecompressAndExtractTheMessages_AppendingANewline_WithNoTransformFunction()
    {
        // The exact list: no Lambda processor, and extraction after decompression.
        foreach (var (_, destination) in Destinations(Synth.Default))
        {
            var processing = destination.GetProperty("ProcessingConfiguration");
            Assert.True(processing.GetProperty("Enabled").GetBoolean());
            Assert.Equal(
                """[{"Parameters":[{"ParameterName":"CompressionFormat","ParameterValue":"GZIP"}],"Type":"Decompression"},"""
                + """{"Parameters":[{"ParameterName":"DataMessageExtraction","ParameterValue":"true"}],"Type":"CloudWatchLogProcessing"},"""
                + """{"Type":"AppendDelimiterToRecord"}]""",
                JsonSerializer.Serialize(processing.GetProperty("Processors")));
        }
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("events")]
    public void DeliveryStream_WritesGzipUnderItsLogPrefixByDay_AndErrorsOutsideIt(string log)
    {
        var synth = Synth.Default;
        var destination = Assert.Single(Destinations(synth), d => d.Log == log).Destination;
        Assert.Equal($"logs/{log}/dt=!{{timestamp:yyyy-MM-dd}}/", destination.GetProperty("Prefix").GetString());
        Assert.Equal($"logs/errors/{log}/!{{firehose:error-output-type}}/dt=!{{timestamp:yyyy-MM-dd}}/", destination.GetProperty("ErrorOutputPrefix").GetString());
        Assert.Equal("GZIP", destination.GetProperty("CompressionFormat").GetString());
        Assert.Equal(synth.LogicalId(synth.Stack.Data.ModelsBucket), PolicyStatements.Resources(destination.GetProperty("BucketARN")).Single());
        Assert.Equal("""{"IntervalInSeconds":300,"SizeInMBs":64}""", JsonSerializer.Serialize(destination.GetProperty("BufferingHints")));
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("events")]
    public void DeliveryStream_LogsDeliveryErrors_ToItsOwnStreamOfTheDeliveryLogGroup(string log)
    {
        var synth = Synth.Default;
        var options = Assert.Single(Destinations(synth), d => d.Log == log).Destination.GetProperty("CloudWatchLoggingOptions");
        Assert.True(options.GetProperty("Enabled").GetBoolean());
        Assert.Equal(synth.LogicalId(synth.Stack.Logs.DeliveryLogs), options.GetProperty("LogGroupName").GetProperty("Ref").GetString());
        var stream = synth.Json.GetProperty("Resources").GetProperty(options.GetProperty("LogStreamName").GetProperty("Ref").GetString()!);
        Assert.Equal(log, stream.GetProperty("Properties").GetProperty("LogStreamName").GetString());
        Assert.Equal(30, synth.PropertiesOf(synth.Stack.Logs.DeliveryLogs).GetProperty("RetentionInDays").GetInt32());
    }

    [Fact]
    public void DeliveryStreams_AreDirectPut_AndEncryptedAtRest()
    {
        foreach (var (_, stream) in Synth.Default.Resources("AWS::KinesisFirehose::DeliveryStream"))
        {
            Assert.Equal("DirectPut", stream.GetProperty("DeliveryStreamType").GetString());
            Assert.Equal("AWS_OWNED_CMK", stream.GetProperty("DeliveryStreamEncryptionConfigurationInput").GetProperty("KeyType").GetString());
        }
    }

    /// <summary>Each stream's S3 destination, named by the log its prefix holds.</summary>
    private static List<(string Log, JsonElement Destination)> Destinations(Synthesized synth)
    {
        var destinations = synth.Resources("AWS::KinesisFirehose::DeliveryStream")
            .Select(s => s.Properties.GetProperty("ExtendedS3DestinationConfiguration"))
            .Select(d => (d.GetProperty("Prefix").GetString()!.Split('/')[1], d))
            .ToList();
        Assert.Equal(["events", "impressions"], destinations.Select(d => d.Item1).Order(StringComparer.Ordinal));
        return destinations;
    }
}

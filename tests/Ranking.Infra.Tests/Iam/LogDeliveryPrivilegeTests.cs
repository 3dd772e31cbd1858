using System.Text.Json;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Logs;

namespace Ranking.Infra.Tests.Iam;

/// <summary>The record log roles: what Firehose may write, and what CloudWatch Logs may send, and who may assume each.</summary>
public sealed class LogDeliveryPrivilegeTests
{
    [Theory]
    [InlineData("impressions")]
    [InlineData("events")]
    public void DeliveryRole_MayWriteOnlyItsLogsPrefixes_CheckTheBucket_AndWriteItsOwnDeliveryLogStream(string log)
    {
        var synth = Synth.Default;
        var bucket = synth.LogicalId(synth.Stack.Data.ModelsBucket);
        var stream = Delivery(synth, log);
        var logStream = Assert.Single(synth.Stack.Logs.Node.Children.OfType<LogStream>(), s => s.Node.Id.StartsWith(Capitalised(log), StringComparison.Ordinal));
        var objects = new[] { $"{bucket}/logs/{log}/*", $"{bucket}/logs/errors/{log}/*" };
        var expected = new[] { "s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject" }
            .SelectMany(action => objects.Select(resource => Allow(action, resource)))
            .Concat(new[] { "s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads" }.Select(action => Allow(action, bucket)))
            .Append(Allow("logs:PutLogEvents",
                $"arn:AWS::Partition:logs:AWS::Region:AWS::AccountId:log-group:{synth.LogicalId(synth.Stack.Logs.DeliveryLogs)}:log-stream:{synth.LogicalId(logStream)}"));
        PolicyStatements.AssertGrants(expected, PolicyStatements.OfRole(synth, RoleOf(synth, stream)));
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("events")]
    public void DeliveryRole_IsAssumableOnlyByFirehose_ForThisAccount(string log)
    {
        var synth = Synth.Default;
        var trust = Trust(synth, RoleOf(synth, Delivery(synth, log)));
        Assert.Equal("firehose.amazonaws.com", trust.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("""{"StringEquals":{"sts:ExternalId":{"Ref":"AWS::AccountId"}}}""", JsonSerializer.Serialize(trust.GetProperty("Condition")));
    }

    [Fact]
    public void SubscriptionRole_MayOnlyPutRecordsOnTheTwoDeliveryStreams()
    {
        var synth = Synth.Default;
        var logs = synth.Stack.Logs;
        var streams = new[] { synth.Stack.GetLogicalId(logs.ImpressionDelivery), synth.Stack.GetLogicalId(logs.EventDelivery) };
        var expected = new[] { "firehose:PutRecord", "firehose:PutRecordBatch" }.SelectMany(action => streams.Select(stream => Allow(action, stream)));
        PolicyStatements.AssertGrants(expected, PolicyStatements.OfRole(synth, synth.LogicalId(logs.SubscriptionRole)));
    }

    [Fact]
    public void SubscriptionRole_IsAssumableOnlyByCloudWatchLogs_OnBehalfOfThisAccountAndRegion()
    {
        var synth = Synth.Default;
        var trust = Trust(synth, synth.LogicalId(synth.Stack.Logs.SubscriptionRole));
        Assert.Equal("logs.amazonaws.com", trust.GetProperty("Principal").GetProperty("Service").GetString());
        var sourceArn = trust.GetProperty("Condition").GetProperty("StringLike").GetProperty("aws:SourceArn");
        Assert.Equal(["arn:AWS::Partition:logs:AWS::Region:AWS::AccountId:*"], PolicyStatements.Resources(sourceArn));
    }

    [Fact]
    public void EverySubscriptionFilter_SendsWithTheSubscriptionRole()
    {
        var synth = Synth.Default;
        var role = synth.LogicalId(synth.Stack.Logs.SubscriptionRole);
        Assert.All(synth.Resources("AWS::Logs::SubscriptionFilter"), f => Assert.Equal(role, PolicyStatements.Resources(f.Properties.GetProperty("RoleArn")).Single()));
    }

    private static CfnDeliveryStream Delivery(Synthesized synth, string log) =>
        log == "impressions" ? synth.Stack.Logs.ImpressionDelivery : synth.Stack.Logs.EventDelivery;

    private static string RoleOf(Synthesized synth, CfnDeliveryStream stream) =>
        PolicyStatements.Resources(synth.Json.GetProperty("Resources").GetProperty(synth.Stack.GetLogicalId(stream))
            .GetProperty("Properties").GetProperty("ExtendedS3DestinationConfiguration").GetProperty("RoleARN")).Single();

    private static JsonElement Trust(Synthesized synth, string roleLogicalId) =>
        Assert.Single(synth.Json.GetProperty("Resources").GetProperty(roleLogicalId).GetProperty("Properties")
            .GetProperty("AssumeRolePolicyDocument").GetProperty("Statement").EnumerateArray());

    private static Grant Allow(string action, string resource) => new("Allow", action, resource);

    private static string Capitalised(string log) => char.ToUpperInvariant(log[0]) + log[1..];
}

using System.Text.Json;
using Ranking.Infra.Configuration;
using Ranking.Infra.Tests.Iam;

namespace Ranking.Infra.Tests.Observability;

public sealed class AlarmTopicTests
{
    [Fact]
    public void AlarmTopic_IsEncryptedWithItsOwnKey_WhichRotates()
    {
        var synth = Synth.Default;
        var key = synth.LogicalId(synth.Stack.Observability.AlarmTopicKey);
        var masterKey = synth.PropertiesOf(synth.Stack.Observability.AlarmTopic).GetProperty("KmsMasterKeyId");
        Assert.Equal(key, masterKey.GetProperty("Fn::GetAtt")[0].GetString());
        Assert.True(synth.PropertiesOf(synth.Stack.Observability.AlarmTopicKey).GetProperty("EnableKeyRotation").GetBoolean());
        Assert.Single(synth.Resources("AWS::KMS::Key"));
    }

    [Fact]
    public void AlarmTopicKey_LetsCloudWatchDecryptAndGenerateDataKeys_AndNoOtherService()
    {
        var synth = Synth.Default;
        var statements = synth.PropertiesOf(synth.Stack.Observability.AlarmTopicKey).GetProperty("KeyPolicy").GetProperty("Statement").EnumerateArray().ToList();
        var services = statements.Where(s => s.GetProperty("Principal").TryGetProperty("Service", out _)).ToList();
        var cloudWatch = Assert.Single(services);
        Assert.Equal("Allow", cloudWatch.GetProperty("Effect").GetString());
        Assert.Equal(["cloudwatch.amazonaws.com"], PolicyStatements.Strings(cloudWatch.GetProperty("Principal").GetProperty("Service")));
        Assert.Equal(["kms:Decrypt", "kms:GenerateDataKey*"], PolicyStatements.Strings(cloudWatch.GetProperty("Action")).Order(StringComparer.Ordinal));
        Assert.Equal("*", cloudWatch.GetProperty("Resource").GetString());
    }

    [Theory]
    [InlineData("retain", "Retain")]
    [InlineData("destroy", "Delete")]
    public void AlarmTopicKey_FollowsTheStacksRemovalPolicy(string removalPolicy, string deletionPolicy)
    {
        var synth = Synth.Run((ContextKeys.RemovalPolicy, removalPolicy), (ContextKeys.DeletionProtection, false));
        var key = synth.Resource(synth.Stack.Observability.AlarmTopicKey);
        Assert.Equal(deletionPolicy, key.GetProperty("DeletionPolicy").GetString());
        Assert.Equal(deletionPolicy, key.GetProperty("UpdateReplacePolicy").GetString());
    }

    [Fact]
    public void AlarmTopic_DeniesPublishWithoutTls_ToEveryone()
    {
        var synth = Synth.Default;
        var deny = Assert.Single(TopicStatements(synth), s => s.GetProperty("Effect").GetString() == "Deny");
        Assert.Equal("*", deny.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(["sns:Publish"], PolicyStatements.Strings(deny.GetProperty("Action")));
        Assert.Equal([synth.LogicalId(synth.Stack.Observability.AlarmTopic)], PolicyStatements.Resources(deny.GetProperty("Resource")));
        Assert.Equal("""{"Bool":{"aws:SecureTransport":"false"}}""", JsonSerializer.Serialize(deny.GetProperty("Condition")));
    }

    [Theory]
    [InlineData("Ranking")]
    [InlineData("Staging")]
    public void AlarmTopic_LetsCloudWatchPublish_OnlyForThisStacksAlarms(string stackName)
    {
        var synth = Synth.Run((ContextKeys.StackName, stackName));
        var allow = Assert.Single(TopicStatements(synth), s => s.GetProperty("Effect").GetString() == "Allow");
        Assert.Equal("cloudwatch.amazonaws.com", allow.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal(["sns:Publish"], PolicyStatements.Strings(allow.GetProperty("Action")));
        Assert.Equal([synth.LogicalId(synth.Stack.Observability.AlarmTopic)], PolicyStatements.Resources(allow.GetProperty("Resource")));
        var condition = allow.GetProperty("Condition");
        Assert.Equal("AWS::AccountId", condition.GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetProperty("Ref").GetString());
        Assert.Equal(
            $"arn:AWS::Partition:cloudwatch:AWS::Region:AWS::AccountId:alarm:{stackName}-*",
            PolicyStatements.Resources(condition.GetProperty("ArnLike").GetProperty("aws:SourceArn")).Single());
        Assert.All(synth.Resources("AWS::CloudWatch::Alarm"), a => Assert.StartsWith(stackName + "-", a.Properties.GetProperty("AlarmName").GetString(), StringComparison.Ordinal));
    }

    private static List<JsonElement> TopicStatements(Synthesized synth)
    {
        var policy = Assert.Single(synth.Resources("AWS::SNS::TopicPolicy")).Properties;
        Assert.Equal([synth.LogicalId(synth.Stack.Observability.AlarmTopic)], policy.GetProperty("Topics").EnumerateArray().Select(t => t.GetProperty("Ref").GetString()));
        return [.. policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()];
    }
}

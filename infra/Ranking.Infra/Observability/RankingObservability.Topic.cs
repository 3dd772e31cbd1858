using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;

namespace Ranking.Infra.Observability;

internal sealed partial class RankingObservability
{
    private const string CloudWatch = "cloudwatch.amazonaws.com";

    /// <summary>
    /// The alarm topic's own customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed
    /// <c>alias/aws/sns</c> key, whose policy cannot be changed to let it in.
    /// </summary>
    private Key CreateAlarmTopicKey(RankingObservabilityProps props)
    {
        var key = new Key(this, "AlarmTopicKey", new KeyProps
        {
            Description = "Encrypts the ranking alarm topic",
            EnableKeyRotation = true,
            // Like the data: a retained stack keeps the key, a destroyable one schedules it for deletion.
            RemovalPolicy = props.Settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        // On an encrypted topic the publisher, CloudWatch, asks KMS for the data key. Only this topic uses the key.
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsPublishToTheAlarmTopic",
            Principals = [new ServicePrincipal(CloudWatch)],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            // In a key policy "*" is this key.
            Resources = ["*"],
        }));
        return key;
    }

    /// <summary>The alarm topic, encrypted with <paramref name="key"/>: CloudWatch may publish for this stack's alarms, and every publish needs TLS.</summary>
    private Topic CreateAlarmTopic(RankingObservabilityProps props, Key key)
    {
        var topic = new Topic(this, "AlarmTopic", new TopicProps { DisplayName = "Ranking alarms", MasterKey = key });
        // A topic policy replaces SNS's default one, which let the account's alarms publish: say so again, for this
        // stack's alarms only.
        var stack = Stack.Of(this);
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "StackAlarmsPublish",
            Principals = [new ServicePrincipal(CloudWatch)],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["ArnLike"] = new Dictionary<string, object>
                {
                    ["aws:SourceArn"] = stack.FormatArn(new ArnComponents
                    {
                        Service = "cloudwatch",
                        Resource = "alarm",
                        ResourceName = AlarmName("*"),
                        ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                    }),
                },
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
            },
        }));
        // TopicProps.EnforceSSL is not synthesised by CDK 2.160, so the statement is written here.
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PublishOnlyOverTls",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
            },
        }));

        if (props.Settings.AlarmEmail is { } email)
        {
            topic.AddSubscription(new EmailSubscription(email));
        }

        return topic;
    }
}

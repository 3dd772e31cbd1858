using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;

namespace Ranking.Infra.Logs;

/// <summary>
/// Log group -> subscription filter -> Firehose -> bucket. Each stream has its own role, which may write only its
/// log's prefixes and its own delivery log stream; CloudWatch Logs' role may only put records on the two streams.
/// Policies are inline, so a stream or a filter is never created before the grant it is checked against.
/// </summary>
internal sealed partial class RankingLogs
{
    /// <summary>Five minutes or 64 MB, whichever first: fewer, larger objects for Athena, and a record is queryable within minutes.</summary>
    internal const int BufferSeconds = 300;

    internal const int BufferMegabytes = 64;

    private CfnDeliveryStream CreateDelivery(RecordLog log, Bucket bucket, RemovalPolicy removal)
    {
        var id = Capitalise(log.Name);
        var logStream = new LogStream(this, id + "DeliveryLogStream", new LogStreamProps
        {
            LogGroup = DeliveryLogs,
            LogStreamName = log.Name,
            RemovalPolicy = removal,
        });
        var role = new Role(this, id + "DeliveryRole", new RoleProps
        {
            // Firehose's documented trust: the service, acting for this account only.
            AssumedBy = new ServicePrincipal("firehose.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["sts:ExternalId"] = Aws.ACCOUNT_ID },
                },
            }),
            Description = $"Firehose: deliver the {log.Name} log to its prefixes of the model bucket",
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["Delivery"] = new(new PolicyDocumentProps { Statements = DeliveryStatements(log, bucket, logStream) }),
            },
        });

        return new CfnDeliveryStream(this, id + "Delivery", new CfnDeliveryStreamProps
        {
            DeliveryStreamType = "DirectPut",
            DeliveryStreamEncryptionConfigurationInput = new CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty { KeyType = "AWS_OWNED_CMK" },
            ExtendedS3DestinationConfiguration = new CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
            {
                BucketArn = bucket.BucketArn,
                RoleArn = role.RoleArn,
                Prefix = log.DeliveryPrefix,
                ErrorOutputPrefix = log.ErrorDeliveryPrefix,
                CompressionFormat = "GZIP",
                BufferingHints = new CfnDeliveryStream.BufferingHintsProperty { IntervalInSeconds = BufferSeconds, SizeInMBs = BufferMegabytes },
                ProcessingConfiguration = new CfnDeliveryStream.ProcessingConfigurationProperty
                {
                    Enabled = true,
                    Processors = new object[]
                    {
                        // CloudWatch Logs sends gzip batches of log events wrapped in its own JSON envelope.
                        Processor("Decompression", ("CompressionFormat", "GZIP")),
                        // Only each event's message, which is the record line as the function wrote it.
                        Processor("CloudWatchLogProcessing", ("DataMessageExtraction", "true")),
                        // Extracted messages are concatenated as they come: one record a line is what the SerDe reads.
                        Processor("AppendDelimiterToRecord"),
                    },
                },
                CloudWatchLoggingOptions = new CfnDeliveryStream.CloudWatchLoggingOptionsProperty
                {
                    Enabled = true,
                    LogGroupName = DeliveryLogs.LogGroupName,
                    LogStreamName = logStream.LogStreamName,
                },
            },
        });
    }

    private PolicyStatement[] DeliveryStatements(RecordLog log, Bucket bucket, LogStream logStream) =>
    [
        // Firehose's documented S3 actions; those on objects only under this log's prefixes.
        new(new PolicyStatementProps
        {
            Actions = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"],
            Resources = [bucket.ArnForObjects(log.Prefix + "*"), bucket.ArnForObjects(log.ErrorPrefix + "*")],
        }),
        // Bucket-level checks Firehose makes before it writes (HeadBucket is authorised as s3:ListBucket and carries
        // no prefix, so a prefix condition would refuse it).
        new(new PolicyStatementProps
        {
            Actions = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
            Resources = [bucket.BucketArn],
        }),
        new(new PolicyStatementProps
        {
            Actions = ["logs:PutLogEvents"],
            Resources = [LogStreamArn(logStream)],
        }),
    ];

    private string LogStreamArn(LogStream logStream) => Stack.Of(this).FormatArn(new ArnComponents
    {
        Service = "logs",
        Resource = "log-group",
        ResourceName = $"{DeliveryLogs.LogGroupName}:log-stream:{logStream.LogStreamName}",
        ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
    });

    private Role CreateSubscriptionRole(CfnDeliveryStream[] streams)
    {
        var stack = Stack.Of(this);
        return new Role(this, "SubscriptionRole", new RoleProps
        {
            // CloudWatch Logs acting for a log group of this account and region only (the confused-deputy condition
            // AWS documents for subscription filters).
            AssumedBy = new ServicePrincipal("logs.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["StringLike"] = new Dictionary<string, object>
                    {
                        ["aws:SourceArn"] = stack.FormatArn(new ArnComponents { Service = "logs", Resource = "*", ArnFormat = ArnFormat.NO_RESOURCE_NAME }),
                    },
                },
            }),
            Description = "CloudWatch Logs: send the functions' record lines to the record log Firehose streams",
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["PutRecords"] = new(new PolicyDocumentProps
                {
                    Statements =
                    [
                        new(new PolicyStatementProps
                        {
                            Actions = ["firehose:PutRecord", "firehose:PutRecordBatch"],
                            Resources = [.. streams.Select(s => s.AttrArn)],
                        }),
                    ],
                }),
            },
        });
    }

    private void Subscribe(string id, LogGroup logGroup, RecordLog log, CfnDeliveryStream stream) =>
        _ = new CfnSubscriptionFilter(this, id, new CfnSubscriptionFilterProps
        {
            LogGroupName = logGroup.LogGroupName,
            FilterPattern = log.FilterPattern,
            DestinationArn = stream.AttrArn,
            RoleArn = SubscriptionRole.RoleArn,
        });

    private static CfnDeliveryStream.ProcessorProperty Processor(string type, params (string Name, string Value)[] parameters) => new()
    {
        Type = type,
        Parameters = parameters.Length == 0
            ? null
            : parameters.Select(p => (object)new CfnDeliveryStream.ProcessorParameterProperty { ParameterName = p.Name, ParameterValue = p.Value }).ToArray(),
    };

    private static string Capitalise(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}

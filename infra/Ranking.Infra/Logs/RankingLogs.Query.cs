using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.S3;
using Ranking.Contracts;

namespace Ranking.Infra.Logs;

/// <summary>
/// The Glue tables over the log prefixes and the Athena workgroup that queries them. Partition projection computes the
/// <c>dt</c> partitions from the date range, so no crawler or <c>MSCK REPAIR</c> has to run as days arrive.
/// </summary>
internal sealed partial class RankingLogs
{
    /// <summary>The first day a partition can exist; <c>NOW</c> ends the range at today (UTC).</summary>
    internal const string ProjectionRange = "2025-01-01,NOW";

    private CfnTable CreateTable(string id, RecordLog log, Bucket bucket)
    {
        var location = $"s3://{bucket.BucketName}/{log.Prefix}";
        return new CfnTable(this, id, new CfnTableProps
        {
            CatalogId = Aws.ACCOUNT_ID,
            DatabaseName = Database.Ref,
            TableInput = new CfnTable.TableInputProperty
            {
                Name = log.Name,
                Description = $"The {log.Name} log: one JSON record a line, partitioned by Firehose arrival day (UTC)",
                TableType = "EXTERNAL_TABLE",
                Parameters = new Dictionary<string, string>
                {
                    ["EXTERNAL"] = "TRUE",
                    ["classification"] = "json",
                    ["compressionType"] = "gzip",
                    ["projection.enabled"] = "true",
                    ["projection.dt.type"] = "date",
                    ["projection.dt.format"] = "yyyy-MM-dd",
                    ["projection.dt.range"] = ProjectionRange,
                    ["projection.dt.interval"] = "1",
                    ["projection.dt.interval.unit"] = "DAYS",
                    ["storage.location.template"] = location + "dt=${dt}/",
                },
                PartitionKeys = new object[] { new CfnTable.ColumnProperty { Name = "dt", Type = "string", Comment = "Arrival day, yyyy-MM-dd (UTC)" } },
                StorageDescriptor = new CfnTable.StorageDescriptorProperty
                {
                    Location = location,
                    Columns = log.Columns.ToArray<object>(),
                    InputFormat = "org.apache.hadoop.mapred.TextInputFormat",
                    OutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    Compressed = true,
                    SerdeInfo = new CfnTable.SerdeInfoProperty
                    {
                        SerializationLibrary = "org.openx.data.jsonserde.JsonSerDe",
                        Parameters = new Dictionary<string, string>
                        {
                            // The columns are lower case; the JSON keys are camelCase.
                            ["case.insensitive"] = "TRUE",
                            // A line that is not a JSON object (a blank line, or an event CloudWatch Logs cut at its
                            // 256 KB limit) reads as a row of nulls instead of failing every query over its day;
                            // queries keep rows whose impressionid (or itemid) is set.
                            ["ignore.malformed.json"] = "TRUE",
                        },
                    },
                },
            },
        });
    }

    private CfnWorkGroup CreateWorkGroup(string stackName, int scanLimitGb, Bucket bucket) => new(this, "WorkGroup", new CfnWorkGroupProps
    {
        Name = WorkGroupName(stackName),
        Description = "Queries over the impression and event logs",
        State = "ENABLED",
        // Saved queries of the workgroup go with it; they are not data.
        RecursiveDeleteOption = true,
        WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
        {
            // A client cannot send results elsewhere, unencrypted, or lift the scan limit.
            EnforceWorkGroupConfiguration = true,
            PublishCloudWatchMetricsEnabled = true,
            BytesScannedCutoffPerQuery = scanLimitGb * 1_000_000_000d,
            EngineVersion = new CfnWorkGroup.EngineVersionProperty { SelectedEngineVersion = "Athena engine version 3" },
            ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
            {
                OutputLocation = $"s3://{bucket.BucketName}/{BucketLayout.AthenaResultsPrefix}",
                EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                ExpectedBucketOwner = Aws.ACCOUNT_ID,
            },
        },
    });
}

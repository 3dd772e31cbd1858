using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Constructs;
using Ranking.Contracts;

namespace Ranking.Infra.Logs;

/// <summary>
/// The record logs from the functions' stdout to Athena: subscription filters pick the impression and event lines out
/// of the functions' log groups, a Firehose stream per log writes them as gzip JSON lines under <c>logs/</c> in the
/// model bucket (no transform function: Firehose decompresses and extracts the messages itself), Glue tables with
/// partition projection read them, and an Athena workgroup bounds what a query may scan and where its results go.
/// </summary>
internal sealed partial class RankingLogs : Construct
{
    /// <summary>Results are re-computable; a month covers reading them back after a long query.</summary>
    internal const int AthenaResultsRetentionDays = 30;

    /// <summary>Records Firehose failed to deliver are kept long enough to look into and replay, not as long as the logs.</summary>
    internal const int ErrorRetentionDays = 30;

    public RankingLogs(Construct scope, string id, RankingLogsProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        var bucket = props.Data.ModelsBucket;
        var removal = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        DeliveryLogs = new LogGroup(this, "DeliveryLogs", new LogGroupProps { Retention = settings.LogRetention, RemovalPolicy = removal });
        ImpressionDelivery = CreateDelivery(RecordLog.Impressions, bucket, removal);
        EventDelivery = CreateDelivery(RecordLog.Events, bucket, removal);

        SubscriptionRole = CreateSubscriptionRole([ImpressionDelivery, EventDelivery]);
        var rank = props.Functions.LogGroupOf(props.Functions.Rank);
        var feedRerank = props.Functions.LogGroupOf(props.Functions.FeedRerank);
        // A log group takes two subscription filters at most: Rank's holds both.
        Subscribe("RankImpressions", rank, RecordLog.Impressions, ImpressionDelivery);
        Subscribe("RankEvents", rank, RecordLog.Events, EventDelivery);
        Subscribe("FeedRerankImpressions", feedRerank, RecordLog.Impressions, ImpressionDelivery);

        AddLifecycleRules(bucket, settings.RecordLogRetentionDays);

        Database = new CfnDatabase(this, "Database", new CfnDatabaseProps
        {
            CatalogId = Aws.ACCOUNT_ID,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty
            {
                Name = DatabaseName(settings.StackName),
                Description = "Impression and event records of the ranking platform (Firehose, gzip JSON lines)",
            },
        });
        Impressions = CreateTable("ImpressionsTable", RecordLog.Impressions, bucket);
        Events = CreateTable("EventsTable", RecordLog.Events, bucket);

        WorkGroup = CreateWorkGroup(settings.StackName, settings.AthenaScanLimitGb, bucket);
        ExperimentQuery = new CfnNamedQuery(this, "ExperimentQuery", new CfnNamedQueryProps
        {
            Name = "experiment-impressions",
            Description = "An experiment's (or a model's) impressions with their clicks, purchases and interleaving winner (what ranking experiments report and ranking monitor read): 8 positional parameters, listed in the SQL's header",
            Database = Database.Ref,
            WorkGroup = WorkGroup.Ref,
            QueryString = Training.DatasetQuery.Read(Path.Combine("Logs", "experiment-impressions.sql"), "sql/experiment-impressions.sql"),
        });
    }

    public LogGroup DeliveryLogs { get; }
    public CfnDeliveryStream ImpressionDelivery { get; }
    public CfnDeliveryStream EventDelivery { get; }
    public Role SubscriptionRole { get; }
    public CfnDatabase Database { get; }
    public CfnTable Impressions { get; }
    public CfnTable Events { get; }
    public CfnWorkGroup WorkGroup { get; }

    /// <summary><c>sql/experiment-impressions.sql</c>, the query behind <c>ranking experiments report</c>, for Athena.</summary>
    public CfnNamedQuery ExperimentQuery { get; }

    /// <summary>Glue database names are lower case letters, digits and underscores; one per stack, so stages can share an account.</summary>
    internal static string DatabaseName(string stackName) => stackName.ToLowerInvariant().Replace('-', '_') + "_logs";

    internal static string WorkGroupName(string stackName) => stackName + "-logs";

    /// <summary>
    /// The bucket is versioned (for model packages), so an expiry alone would only hide a log object behind a delete
    /// marker: the old version goes a day later, and the marker left with no version behind it goes too.
    /// </summary>
    private static void AddLifecycleRules(Bucket bucket, int recordDays)
    {
        Expire(bucket, "impression-logs", BucketLayout.ImpressionLogPrefix, recordDays);
        Expire(bucket, "event-logs", BucketLayout.EventLogPrefix, recordDays);
        Expire(bucket, "log-errors", BucketLayout.LogErrorsPrefix, Math.Min(ErrorRetentionDays, recordDays));
        Expire(bucket, "athena-results", BucketLayout.AthenaResultsPrefix, AthenaResultsRetentionDays);
        RemoveDeleteMarkers(bucket, "log-delete-markers", BucketLayout.LogsPrefix);
        RemoveDeleteMarkers(bucket, "athena-results-delete-markers", BucketLayout.AthenaResultsPrefix);
    }

    /// <summary>Objects under <paramref name="prefix"/> go after <paramref name="days"/>; their old versions a day later.</summary>
    internal static void Expire(Bucket bucket, string id, string prefix, int days) =>
        bucket.AddLifecycleRule(new LifecycleRule
        {
            Id = id,
            Prefix = prefix,
            Expiration = Duration.Days(days),
            NoncurrentVersionExpiration = Duration.Days(1),
            AbortIncompleteMultipartUploadAfter = Duration.Days(1),
        });

    internal static void RemoveDeleteMarkers(Bucket bucket, string id, string prefix) =>
        bucket.AddLifecycleRule(new LifecycleRule { Id = id, Prefix = prefix, ExpiredObjectDeleteMarker = true });
}

namespace Ranking.Contracts;

/// <summary>Where things live in the models bucket. The functions' S3 grants are scoped to these prefixes.</summary>
public static class BucketLayout
{
    /// <summary>Model packages: <c>models/{name}/{version}/</c>.</summary>
    public const string ModelsPrefix = "models/";

    /// <summary>Everything the record logs put in the bucket, delivered records and failed ones alike.</summary>
    public const string LogsPrefix = "logs/";

    /// <summary>
    /// Impression and event records as Firehose writes them (gzip JSON lines, <c>dt=YYYY-MM-DD/</c> by arrival day);
    /// the Glue tables read them from here.
    /// </summary>
    public const string ImpressionLogPrefix = LogsPrefix + RecordLogs.Impressions + "/";

    /// <inheritdoc cref="ImpressionLogPrefix"/>
    public const string EventLogPrefix = LogsPrefix + RecordLogs.Events + "/";

    /// <summary>Records Firehose could not deliver as such, by log and error type; kept apart so no table reads them.</summary>
    public const string LogErrorsPrefix = LogsPrefix + "errors/";

    /// <summary>
    /// Labelled datasets the training pipeline unloads from Athena as Parquet, <c>datasets/{surface}/{date}/{run}/</c>, for
    /// the Train function to read. One folder per run: Athena's UNLOAD refuses a location that already holds files.
    /// </summary>
    public const string DatasetsPrefix = "datasets/";

    /// <summary>Athena query results of the stack's workgroup.</summary>
    public const string AthenaResultsPrefix = "athena-results/";
}

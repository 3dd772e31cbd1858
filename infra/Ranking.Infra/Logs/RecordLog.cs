using Amazon.CDK.AWS.Glue;
using Ranking.Contracts;

namespace Ranking.Infra.Logs;

/// <summary>
/// One record log of DESIGN.md's "Where logs go": the <c>log</c> field value that tells its stdout lines apart from
/// JSON logs and EMF, the bucket prefix Firehose writes it under, and the columns Athena reads it as.
/// </summary>
/// <param name="Name">The log's name: its Glue table, its error prefix, and the folder <c>serve --log-dir</c> writes (<see cref="RecordLogs"/>).</param>
/// <param name="LogField">The value of the record's <c>log</c> field.</param>
internal sealed record RecordLog(string Name, string LogField, string Prefix, IReadOnlyList<CfnTable.ColumnProperty> Columns)
{
    public static RecordLog Impressions { get; } = new(RecordLogs.Impressions, RecordLogs.ImpressionField, BucketLayout.ImpressionLogPrefix, RecordLogColumns.Impressions);

    public static RecordLog Events { get; } = new(RecordLogs.Events, RecordLogs.EventField, BucketLayout.EventLogPrefix, RecordLogColumns.Events);

    /// <summary>
    /// A JSON selector on the top-level <c>log</c> member: JSON log lines (<c>JsonLogger</c>) and EMF lines have no
    /// such member, and plain text lines (the runtime's START/END/REPORT) are not JSON, so neither can match.
    /// </summary>
    public string FilterPattern => $"{{ $.log = \"{LogField}\" }}";

    /// <summary>
    /// Firehose's <c>!{timestamp}</c> is the record's arrival time in UTC, not its <c>time</c> field: a record
    /// written just before midnight can land under the next day's <c>dt</c>, so a query for a day reads one more.
    /// </summary>
    public string DeliveryPrefix => Prefix + "dt=!{timestamp:yyyy-MM-dd}/";

    /// <summary>Outside <see cref="Prefix"/>, so a failed record never reads as a row of the table.</summary>
    public string ErrorPrefix => BucketLayout.LogErrorsPrefix + Name + "/";

    public string ErrorDeliveryPrefix => ErrorPrefix + "!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/";
}

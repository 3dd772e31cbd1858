using System.Globalization;

namespace Ranking.Contracts;

/// <summary>
/// The record logs of DESIGN.md's "Where logs go": each name is the folder <c>serve --log-dir</c> writes, the
/// <c>logs/{name}/</c> prefix in the bucket and the Glue table; each record's <c>log</c> field tells its stdout
/// lines apart from JSON logs and EMF.
/// </summary>
public static class RecordLogs
{
    public const string Impressions = "impressions";
    public const string Events = "events";

    /// <summary>The <c>log</c> field of an impression record.</summary>
    public const string ImpressionField = "impression";

    /// <summary>The <c>log</c> field of an event record.</summary>
    public const string EventField = "event";

    /// <summary>
    /// Where <paramref name="log"/>'s records of the UTC hour holding <paramref name="time"/> go under a log folder:
    /// <c>root/log/dt=YYYY-MM-DD/hour=HH</c>, the Hive-style partitions the Glue tables project and DuckDB reads.
    /// </summary>
    public static string HourFolder(string root, string log, DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return Path.Combine(root, log, utc.ToString("'dt='yyyy-MM-dd", CultureInfo.InvariantCulture), utc.ToString("'hour='HH", CultureInfo.InvariantCulture));
    }
}

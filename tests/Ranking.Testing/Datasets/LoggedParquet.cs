using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Ranking.Testing.Datasets;

/// <summary>One row of a labelled dataset as <c>dataset build</c> writes it; null values are NaNs the log could not write.</summary>
public sealed record LoggedRow(string ImpressionId, DateTimeOffset Time, string Surface, int Position, int Label, double?[] Values);

/// <summary>Writes labelled-dataset Parquet files with DuckDB: the columns of DESIGN.md's "Labelled dataset" (the trainer's tests, and the Train function's bucket).</summary>
public static class LoggedParquet
{
    /// <param name="lowerCaseColumns">Name the columns as Athena's UNLOAD does: Trino folds every identifier to lower case.</param>
    public static void Write(string path, IReadOnlyList<string> features, IEnumerable<LoggedRow> rows, bool lowerCaseColumns = false)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var columns = new StringBuilder("\"impressionId\" VARCHAR, \"time\" TIMESTAMPTZ, surface VARCHAR, \"userId\" VARCHAR, \"modelVersion\" VARCHAR, variant VARCHAR, \"position\" INTEGER, label INTEGER");
        foreach (var feature in features)
        {
            columns.Append(CultureInfo.InvariantCulture, $", \"{feature}\" DOUBLE");
        }

        Execute(connection, $"CREATE TABLE dataset ({columns})");
        using (var appender = connection.CreateAppender("dataset"))
        {
            foreach (var row in rows)
            {
                var appended = appender.CreateRow()
                    .AppendValue(row.ImpressionId).AppendValue(row.Time.UtcDateTime).AppendValue(row.Surface).AppendValue("u_1").AppendValue("1")
                    .AppendNullValue().AppendValue(row.Position).AppendValue(row.Label);
                foreach (var value in row.Values)
                {
                    appended = value is { } v ? appended.AppendValue(v) : appended.AppendNullValue();
                }

                appended.EndRow();
            }
        }

        var source = "dataset";
        if (lowerCaseColumns)
        {
            using var lowered = connection.CreateCommand();
            lowered.CommandText = "SELECT string_agg(format('\"{}\" AS \"{}\"', column_name, lower(column_name)), ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'dataset'";
            source = $"(SELECT {lowered.ExecuteScalar()} FROM dataset)";
        }

        Execute(connection, $"COPY {source} TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)");
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

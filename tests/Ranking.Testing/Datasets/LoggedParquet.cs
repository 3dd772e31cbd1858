using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Ranking.Training.Tests.Data;

/// <summary>One row of a labelled dataset as <c>dataset build</c> writes it; null values are NaNs the log could not write.</summary>
internal sealed record LoggedRow(string ImpressionId, DateTimeOffset Time, string Surface, int Position, int Label, double?[] Values);

/// <summary>Writes labelled-dataset Parquet files with DuckDB: the columns of DESIGN.md's "Labelled dataset".</summary>
internal static class LoggedParquet
{
    public static void Write(string path, IReadOnlyList<string> features, IEnumerable<LoggedRow> rows)
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

        Execute(connection, $"COPY dataset TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)");
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

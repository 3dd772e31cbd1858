using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace Ranking.Training.Datasets;

/// <summary>
/// An embedded DuckDB over a <see cref="LogScan"/>'s work folder, set up as the repository's SQL files expect: UTC,
/// Trino's functions as macros, and the <c>impressions</c> and <c>events</c> views with the Glue tables' columns.
/// </summary>
internal static class LogDatabase
{
    public static DuckDBConnection Open(LogScan scan, string work)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            Execute(connection, "SET TimeZone = 'UTC'");
            // An in-memory database spills its sorts and aggregates to ./.tmp by default: into the work folder instead.
            Execute(connection, $"SET temp_directory = {LabelledDatasetQuery.Literal(Path.Combine(work, "spill"))}");
            foreach (var shim in LabelledDatasetQuery.Shims)
            {
                Execute(connection, shim);
            }

            Execute(connection, LabelledDatasetQuery.ImpressionsView(scan.ImpressionsFolder));
            Execute(connection, LabelledDatasetQuery.EventsView(scan.EventsFolder));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(DuckDBConnection connection, string sql, params object[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    public static DbCommand Command(DuckDBConnection connection, string sql, params object[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter));
        }

        return command;
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

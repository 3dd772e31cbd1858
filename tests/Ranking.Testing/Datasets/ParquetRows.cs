using DuckDB.NET.Data;

namespace Ranking.Testing.Datasets;

/// <summary>A Parquet file's rows read back with DuckDB, in file order: column name to value (null for SQL NULL).</summary>
public static class ParquetRows
{
    public static List<Dictionary<string, object?>> Read(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static List<string> Columns(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') LIMIT 0";
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }
}

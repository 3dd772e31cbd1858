using System.Text;
using Ranking.Contracts;

namespace Ranking.Training.Datasets;

/// <summary>
/// The dataset join as DuckDB runs it: the repository's <c>sql/labelled-dataset.sql</c> (the same text Athena runs),
/// the macros that give DuckDB the three Trino functions it uses, views named and typed like the Glue tables, and the
/// generated outer SELECT that turns the values array into a column per feature.
/// </summary>
internal static class LabelledDatasetQuery
{
    /// <summary>Trino's meaning for the arguments the SQL passes; DuckDB resolves a macro before its own functions of the same name.</summary>
    public static readonly IReadOnlyList<string> Shims =
    [
        "CREATE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)",
        "CREATE MACRO sequence(a, b) AS generate_series(a, b)",
        "CREATE MACRO cardinality(list) AS len(list)",
    ];

    public static string Sql { get; } = Embedded("sql/labelled-dataset.sql");

    /// <summary>The Glue <c>impressions</c> table's columns that the SQL reads, over the work folder's partitions.</summary>
    public static string ImpressionsView(string folder) => View("impressions", folder, """
        log: 'VARCHAR', impressionId: 'VARCHAR', "time": 'VARCHAR', surface: 'VARCHAR', userId: 'VARCHAR', sessionId: 'VARCHAR',
        model: 'STRUCT(name VARCHAR, version VARCHAR)', experiment: 'STRUCT(id VARCHAR, variant VARCHAR, "mode" VARCHAR)', features: 'VARCHAR[]',
        items: 'STRUCT(itemId VARCHAR, "position" INTEGER, score DOUBLE, "values" DOUBLE[], team VARCHAR)[]', part: 'INTEGER', parts: 'INTEGER'
        """);

    public static string EventsView(string folder) => View("events", folder, """
        log: 'VARCHAR', "type": 'VARCHAR', impressionId: 'VARCHAR', itemId: 'VARCHAR', userId: 'VARCHAR', "time": 'VARCHAR',
        "value": 'DOUBLE', receivedAt: 'VARCHAR'
        """);

    /// <summary>
    /// The fixed columns, then <c>CAST("values"[k] AS REAL) AS "name"</c> per feature (REAL: the scorer's float, which
    /// the writer logged), over <paramref name="table"/>, in the SQL's order.
    /// </summary>
    public static string WithFeatureColumns(string table, IReadOnlyList<string> features)
    {
        var select = new StringBuilder("SELECT ");
        select.AppendJoin(", ", LabelledDataset.FixedColumns.Select(Quote));
        for (var k = 0; k < features.Count; k++)
        {
            select.Append(System.Globalization.CultureInfo.InvariantCulture, $", CAST(\"values\"[{k + 1}] AS REAL) AS {Quote(features[k])}");
        }

        // No ORDER BY: the SQL's own order holds, as DuckDB keeps a subquery's order through a projection; sorting
        // again would cost as much as the join.
        return select.Append(System.Globalization.CultureInfo.InvariantCulture, $" FROM {table}").ToString();
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string View(string name, string folder, string columns) =>
        $"""
        CREATE VIEW {name} AS SELECT * FROM read_json({Literal(Path.Combine(folder, "*", "*.jsonl"))},
            format = 'newline_delimited', hive_partitioning = true, hive_types = {"{'dt': 'VARCHAR'}"},
            maximum_object_size = {LogScan.MaxLineBytes}, columns = {"{"}{columns}{"}"})
        """;

    /// <summary>A file of the repository's <c>sql/</c> folder, embedded at build.</summary>
    internal static string Embedded(string name)
    {
        using var stream = typeof(LabelledDatasetQuery).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Ranking.Training");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Ranking.Contracts;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Training;

/// <summary>
/// The Athena side of <c>sql/labelled-dataset.sql</c>, the one dataset query DuckDB (<c>ranking dataset build</c>) and
/// Athena both run. The file and the surfaces' feature files (<c>samples/features/{surface}.json</c>) are copied beside the
/// app at build and read at synth; the query is wrapped as <c>dataset build</c> wraps it (a column per feature) and unloaded
/// to Parquet.
/// </summary>
internal static class DatasetQuery
{
    /// <summary>The text of <c>sql/labelled-dataset.sql</c>, as the named query holds it.</summary>
    public static string Sql => Read(Path.Combine("Training", "labelled-dataset.sql"), "sql/labelled-dataset.sql");

    /// <summary>Whether <c>samples/features/{surface}.json</c> exists (the trainer's and the dataset's columns).</summary>
    public static bool HasFeatures(string surface) => File.Exists(Path.Combine(AppContext.BaseDirectory, "Training", "features", surface + ".json"));

    /// <summary>The feature names of a surface's model, in the logged values' order.</summary>
    /// <exception cref="InfraConfigurationException">The surface has no feature file, or it lists no feature.</exception>
    public static IReadOnlyList<string> Features(string surface)
    {
        var file = Path.Combine("Training", "features", surface + ".json");
        using var document = JsonDocument.Parse(Read(file, $"samples/features/{surface}.json"));
        var names = document.RootElement.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array
            ? features.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList()
            : [];
        return names.Count > 0 ? names : throw new InfraConfigurationException($"samples/features/{surface}.json lists no features: surface '{surface}' cannot be trained.");
    }

    /// <summary>
    /// The dataset as the trainer reads it: the fixed columns, then <c>CAST("values"[k] AS REAL) AS "name"</c> per feature,
    /// over the SQL (comments dropped, whitespace folded: the text goes into a Step Functions intrinsic string).
    /// </summary>
    public static string Select(string sql, IReadOnlyList<string> features)
    {
        var select = new StringBuilder("SELECT ");
        // Athena's Parquet writer takes no timestamp with time zone; the SQL's times are UTC, so the plain timestamp is the same instant.
        select.AppendJoin(", ", LabelledDataset.FixedColumns.Select(c => c == "time" ? "CAST(\"time\" AS timestamp) AS \"time\"" : Quote(c)));
        for (var k = 0; k < features.Count; k++)
        {
            select.Append(CultureInfo.InvariantCulture, $", CAST(\"values\"[{k + 1}] AS REAL) AS {Quote(features[k])}");
        }

        return select.Append(" FROM (").Append(Fold(sql)).Append(')').ToString();
    }

    /// <summary>
    /// An <c>UNLOAD</c> of <paramref name="select"/> to Parquet, as the template of a <c>States.Format</c> whose one
    /// argument is the S3 folder: escaped for an intrinsic string, with the one <c>{}</c> left open.
    /// </summary>
    public static string UnloadTemplate(string select) =>
        Intrinsic($"UNLOAD ({select}) TO '") + "{}" + Intrinsic("' WITH (format = 'PARQUET', compression = 'SNAPPY')");

    /// <summary>Step Functions' intrinsic string literals reserve <c>' { } \</c>: each is written after a backslash.</summary>
    public static string Intrinsic(string text)
    {
        var escaped = new StringBuilder(text.Length + 64);
        foreach (var c in text)
        {
            if (c is '\'' or '{' or '}' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Drops <c>--</c> comments and folds whitespace outside string literals and quoted identifiers; a trailing <c>;</c> goes too.</summary>
    internal static string Fold(string sql)
    {
        var folded = new StringBuilder(sql.Length);
        char? quote = null;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote is { } open)
            {
                folded.Append(c);
                quote = c == open ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                folded.Append(c);
                quote = c;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i + 1 < sql.Length && sql[i + 1] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(' ');
                }
            }
            else
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Trim().TrimEnd(';').TrimEnd();
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A file copied beside the app at build (<paramref name="source"/> names it in the repository).</summary>
    internal static string Read(string relative, string source)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InfraConfigurationException($"{source} is not beside the app ({path}); rebuild infra/Ranking.Infra.");
    }
}

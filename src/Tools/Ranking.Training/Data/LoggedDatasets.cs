using System.Globalization;
using DuckDB.NET.Data;
using Ranking.Core.Features;
using Ranking.Training.Marketplace;

namespace Ranking.Training.Data;

/// <summary>
/// Reads the labelled dataset <c>dataset build</c> writes (DESIGN.md, "Labelled dataset": Parquet, a row per logged
/// item with the feature values as they were scored) into ranking groups, one per impression, its rows shuffled out
/// of their shown order (<see cref="ShownOrder"/>). Nothing is recomputed:
/// what the model saw online is what it learns from. Read with embedded DuckDB, one file or a folder of them.
/// </summary>
public static class LoggedDatasets
{
    /// <summary>The training format's name, as the manifest's training summary records it.</summary>
    public const string Format = "logged";

    /// <summary>The share of impressions, oldest first, that trains; the next <see cref="ValidShare"/> validates, the newest are held out.</summary>
    public const double TrainShare = 0.8;
    public const double ValidShare = 0.1;

    /// <summary>The columns before the feature columns that reading needs.</summary>
    private static readonly string[] s_required = ["impressionId", "time", "surface", "position", "label"];

    /// <summary>
    /// Splits by time, so validation and the holdout are later traffic than training, as the model will meet it: the
    /// oldest 80% of impressions train, the next 10% validate (early stopping), the newest 10% are the holdout.
    /// </summary>
    /// <param name="surface">The surface whose rows to read, or null when the data holds exactly one.</param>
    /// <param name="features">The features to train on (a subset of the data's columns, in the model's order), or null for the surface's default file.</param>
    /// <exception cref="InvalidDataException">The data is missing, unreadable, or lacks a column; the message names it.</exception>
    public static LoggedSplit Load(string path, string? surface, IReadOnlyList<FeatureSpec>? features)
    {
        var all = Read(path, surface, features);
        var groups = all.Dataset.QueryCount;
        if (groups < 3)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: {groups} impression(s) of surface '{all.Surface}'; training needs at least 3 (train, validation, holdout).");
        }

        var trainEnd = Math.Clamp((int)(groups * TrainShare), 1, groups - 2);
        var validEnd = Math.Clamp((int)(groups * (TrainShare + ValidShare)), trainEnd + 1, groups - 1);
        var split = new LoggedSplit(
            all.Surface,
            all.Features,
            Slice(all.Dataset, 0, trainEnd),
            Slice(all.Dataset, trainEnd, validEnd),
            Slice(all.Dataset, validEnd, groups));
        // Without a positive label every ranking scores NDCG 1: early stopping would keep the first tree and the
        // promotion gate would pass anything. Say so instead of writing a package with perfect metrics.
        foreach (var (name, part) in new[] { ("training", split.Train), ("validation", split.Valid), ("holdout", split.Holdout) })
        {
            if (!part.Labels.Any(label => label > 0))
            {
                throw new InvalidDataException(
                    $"{Path.GetFileName(path)}: the {name} split ({part.QueryCount} of {groups} impressions, split by time) has no item with a positive label, so it measures nothing. " +
                    "Build the dataset over more days, or check that events reach the log with the impressions' ids.");
            }
        }

        return split;
    }

    /// <summary>Every impression of the data, oldest first (for <c>evaluate</c> on a later slice of logs).</summary>
    /// <inheritdoc cref="Load"/>
    public static LoggedData Read(string path, string? surface, IReadOnlyList<FeatureSpec>? features)
    {
        var files = Files(path);
        var source = $"read_parquet([{string.Join(", ", files.Select(Literal))}], union_by_name = true)";
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // Each file on its own: DuckDB describes a list of files by its first, and a folder may mix datasets.
        var columns = files.ToDictionary(file => file, file => Columns(connection, file));
        foreach (var (file, named) in columns)
        {
            if (s_required.FirstOrDefault(required => !named.Contains(required)) is { } lacking)
            {
                throw new InvalidDataException($"{file} has no column '{lacking}': it is not a dataset that 'ranking dataset build' wrote.");
            }
        }

        surface ??= OnlySurface(connection, source, path);
        features ??= MarketplaceFeatures.For(surface);
        foreach (var (file, named) in columns)
        {
            var missing = features.Select(f => f.Name).Where(name => !named.Contains(name)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"{file} has no column for feature(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}: it was logged by a model with other features. " +
                    "Read one feature list at a time (a dataset per list), or name the features with --features FILE.");
            }
        }

        var dataset = ReadRows(connection, source, surface, features, path);
        return new LoggedData(surface, features, dataset);
    }

    /// <summary>The file, or every Parquet file under the folder, in a fixed order.</summary>
    private static List<string> Files(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(Path.GetFullPath(path), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            return files.Count > 0 ? files : throw new InvalidDataException($"{path}: the folder holds no .parquet file.");
        }

        return File.Exists(path) ? [Path.GetFullPath(path)] : throw new InvalidDataException($"{path}: no such file or folder.");
    }

    private static HashSet<string> Columns(DuckDBConnection connection, string file)
    {
        // Case-blind, as DuckDB binds identifiers: Athena's UNLOAD writes every column name in lower case (impressionid).
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM read_parquet({Literal(file)})";
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }
        catch (DuckDBException e)
        {
            throw new InvalidDataException($"{file}: not readable as Parquet ({FirstLine(e.Message)})", e);
        }

        return columns;
    }

    /// <summary>DuckDB's message without the SQL it quotes below it.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string OnlySurface(DuckDBConnection connection, string source, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT surface FROM {source} ORDER BY surface";
        var surfaces = new List<string>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                surfaces.Add(reader.GetString(0));
            }
        }
        catch (DuckDBException e)
        {
            throw new InvalidDataException($"{path}: the Parquet data cannot be read ({FirstLine(e.Message)})", e);
        }

        return surfaces switch
        {
            [var only] => only,
            [] => throw new InvalidDataException($"{Path.GetFileName(path)} has no rows."),
            _ => throw new InvalidDataException($"{Path.GetFileName(path)} holds the surfaces {string.Join(", ", surfaces)}: choose one with --surface."),
        };
    }

    private static RankingDataset ReadRows(DuckDBConnection connection, string source, string surface, IReadOnlyList<FeatureSpec> features, string path)
    {
        using var command = connection.CreateCommand();
        var featureColumns = string.Concat(features.Select(f => ", CAST(" + Identifier(f.Name) + " AS DOUBLE)"));
        // Groups oldest first; within a group, the order it was shown in. A group's time is its earliest: a retried feed
        // re-rank can log its impression twice, and the dataset keeps one row per position from either.
        command.CommandText =
            $"""
            SELECT "impressionId", "position", CAST("label" AS DOUBLE){featureColumns} FROM {source} WHERE "surface" = $surface
            ORDER BY min("time") OVER (PARTITION BY "impressionId"), "impressionId", "position"
            """;
        command.Parameters.Add(new DuckDBParameter("surface", surface));
        var width = features.Count;
        var values = new List<float>();
        var labels = new List<float>();
        var positions = new List<int>();
        var groupSizes = new List<int>();
        var queryIds = new List<string>();
        try
        {
            using var reader = command.ExecuteReader();
            string? current = null;
            while (reader.Read())
            {
                var impression = reader.GetString(0);
                if (impression != current)
                {
                    current = impression;
                    queryIds.Add(impression);
                    groupSizes.Add(0);
                }

                groupSizes[^1]++;
                positions.Add(reader.GetInt32(1));
                labels.Add(reader.IsDBNull(2) ? 0 : (float)reader.GetDouble(2));
                for (var f = 0; f < width; f++)
                {
                    // A null is a value the record could not write (NaN); the model reads it as missing.
                    values.Add(reader.IsDBNull(3 + f) ? float.NaN : (float)reader.GetDouble(3 + f));
                }
            }
        }
        catch (DuckDBException e)
        {
            throw new InvalidDataException($"{path}: the Parquet data cannot be read ({FirstLine(e.Message)})", e);
        }

        if (queryIds.Count == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} has no rows of surface '{surface}'.");
        }

        var data = new RankingDataset([.. features.Select(f => f.Name)], [.. values], [.. labels], [.. groupSizes], [.. queryIds]) { Positions = [.. positions] };
        Shuffle(data);
        return data;
    }

    /// <summary>Each group's rows out of their shown order (<see cref="ShownOrder"/>); positions move with their rows.</summary>
    private static void Shuffle(RankingDataset data)
    {
        var width = data.FeatureCount;
        var shown = data.Positions!;
        var first = 0;
        for (var q = 0; q < data.QueryCount; q++)
        {
            var size = data.GroupSizes[q];
            var order = ShownOrder.Shuffled(data.QueryIds[q], size);
            var features = data.Features.AsSpan(first * width, size * width).ToArray();
            var labels = data.Labels.AsSpan(first, size).ToArray();
            var positions = shown.AsSpan(first, size).ToArray();
            for (var i = 0; i < size; i++)
            {
                var from = order[i];
                features.AsSpan(from * width, width).CopyTo(data.Features.AsSpan((first + i) * width, width));
                data.Labels[first + i] = labels[from];
                shown[first + i] = positions[from];
            }

            first += size;
        }
    }

    private static RankingDataset Slice(RankingDataset data, int firstGroup, int endGroup)
    {
        var firstRow = data.GroupSizes.AsSpan(0, firstGroup).ToArray().Sum();
        var sizes = data.GroupSizes[firstGroup..endGroup];
        var rows = sizes.Sum();
        var width = data.FeatureCount;
        return new RankingDataset(
            data.FeatureNames,
            data.Features.AsSpan(firstRow * width, rows * width).ToArray(),
            data.Labels.AsSpan(firstRow, rows).ToArray(),
            sizes,
            data.QueryIds[firstGroup..endGroup])
        {
            Positions = data.Positions?.AsSpan(firstRow, rows).ToArray(),
        };
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A logged dataset's impressions of one surface, oldest first.</summary>
public sealed record LoggedData(string Surface, IReadOnlyList<FeatureSpec> Features, RankingDataset Dataset);

/// <summary>A logged dataset split by time (<see cref="LoggedDatasets.Load"/>).</summary>
public sealed record LoggedSplit(string Surface, IReadOnlyList<FeatureSpec> Features, RankingDataset Train, RankingDataset Valid, RankingDataset Holdout);

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Ranking.Contracts;

namespace Ranking.Training.Datasets;

/// <summary>
/// <c>dataset build</c>: joins the impression log with the event log inside the attribution window and writes the labelled
/// dataset (DESIGN.md, "Labelled dataset") as Parquet, through embedded DuckDB running <c>sql/labelled-dataset.sql</c>.
/// </summary>
public static class DatasetBuilder
{
    /// <summary>Events are partitioned by the day they were received: a day more than the window covers late arrivals.</summary>
    private const int LateEventDays = 1;

    /// <exception cref="InvalidDataException">
    /// No impression files in the range, no impression of the surface, impressions with different feature lists, a feature
    /// named like a fixed column, or (strict) a malformed line.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled (Ctrl-C); the work folder is gone and the output untouched.</exception>
    public static DatasetBuildSummary Build(DatasetBuildOptions options, IProgress<DatasetBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var impressionFiles = LogFile.Find(options.LogsDirectory, "impressions", options.From, options.To);
        if (impressionFiles.Count == 0)
        {
            throw new InvalidDataException($"no impression log files under {Path.Combine(options.LogsDirectory, "impressions")} for {Range(options.From, options.To)}");
        }

        var from = options.From ?? impressionFiles[0].Day;
        var to = options.To ?? impressionFiles[^1].Day;
        var windowDays = (int)Math.Ceiling(options.Attribution.TotalDays);
        var eventFiles = LogFile.Find(options.LogsDirectory, "events", from.AddDays(-LateEventDays), to.AddDays(windowDays + LateEventDays));
        var work = Directory.CreateTempSubdirectory("ranking-dataset-");
        try
        {
            var scan = LogScan.Run(impressionFiles, eventFiles, options.Surface, work.FullName, options.Strict, options.MaxListedMalformed, progress, cancellationToken);
            if (scan.Impressions == 0)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"no impression of surface '{options.Surface}' in {impressionFiles.Count} files for {Range(from, to)} ({scan.Lines} lines read, {scan.Malformed} malformed)"));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var features = FeatureNames(scan.FeatureLists);
            progress?.Report(new DatasetBuildProgress(DatasetBuildPhase.Joining, 0, 0, scan.Lines, scan.Malformed));
            var written = Join(options, scan, work.FullName, features, from, to, cancellationToken);
            return new DatasetBuildSummary
            {
                Output = options.Output,
                Surface = options.Surface,
                From = from,
                To = to,
                ImpressionFiles = impressionFiles.Count,
                EventFiles = eventFiles.Count,
                Lines = scan.Lines,
                Malformed = scan.Malformed,
                MalformedLines = scan.Listed,
                Impressions = scan.Impressions,
                DuplicateRecords = scan.DuplicateRecords,
                ImpressionsWithoutFeatures = scan.ImpressionsWithoutFeatures,
                Events = scan.Events,
                EventsWithoutImpression = scan.EventsWithoutImpression,
                Features = features,
                Rows = written.Rows,
                Groups = written.Groups,
                GroupsWithPositiveLabel = written.Positive,
                LabelHistogram = written.Histogram,
            };
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// One list for the whole dataset: columns named by feature are only meaningful if every row's values are in the same
    /// order. A change of features within the range (a new model) is an error naming the lists, so the range can be split.
    /// </summary>
    private static List<string> FeatureNames(IReadOnlyDictionary<string, long> lists)
    {
        if (lists.Count > 1)
        {
            var described = lists.OrderByDescending(l => l.Value).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Value} records with {l.Key}"));
            throw new InvalidDataException($"the impressions log {lists.Count} different feature lists; build one dataset per list (narrow the date range): {string.Join("; ", described)}");
        }

        var names = lists.Count == 0 ? [] : JsonSerializer.Deserialize(lists.Keys.First(), DatasetJsonContext.Default.ListString)!;
        var taken = new HashSet<string>(LabelledDataset.FixedColumns, StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            // DuckDB's identifiers ignore case, so "Price" and "price" would be one column.
            if (!taken.Add(name))
            {
                throw new InvalidDataException($"feature '{name}' is named like another column of the dataset (names are compared ignoring case)");
            }
        }

        return names;
    }

    private static Written Join(
        DatasetBuildOptions options, LogScan scan, string work, List<string> features, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(options.Output);
        var partial = output + ".partial";
        using (var connection = LogDatabase.Open(scan, work))
        {
            var windowDays = (int)Math.Ceiling(options.Attribution.TotalDays);
            object[] parameters =
            [
                options.Surface, LogDatabase.Day(from), LogDatabase.Day(to),
                .. options.Grades.Values.Cast<object>(),
                LogDatabase.Day(from.AddDays(-LateEventDays)), LogDatabase.Day(to.AddDays(windowDays + LateEventDays)),
                (long)options.Attribution.TotalMilliseconds,
                options.DropUnlabelledGroups ? 1 : 0,
            ];
            var directory = Path.GetDirectoryName(output);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            try
            {
                // Fails here, with the file system's own message, when the folder cannot be written: DuckDB would
                // only say so after the whole join.
                File.Create(partial).Dispose();

                // Straight from the join to the file: a table in between would hold every row's arrays in memory.
                // Written beside the output and moved over it: a failed build leaves the previous dataset whole.
                var select = LabelledDatasetQuery.WithFeatureColumns($"({LabelledDatasetQuery.Sql}) labelled", features);
                using (var copy = LogDatabase.Command(connection, $"COPY ({select}) TO {LabelledDatasetQuery.Literal(partial)} (FORMAT PARQUET)", parameters))
                using (cancellationToken.Register(copy.Cancel))
                {
                    try
                    {
                        copy.ExecuteNonQuery();
                    }
                    catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }

                var written = Count(connection, partial);
                File.Move(partial, output, overwrite: true);
                return written;
            }
            finally
            {
                File.Delete(partial);
                // DuckDB writes the file under a tmp_ name first: an interrupted COPY leaves it.
                File.Delete(Path.Combine(Path.GetDirectoryName(partial)!, "tmp_" + Path.GetFileName(partial)));
            }
        }
    }

    /// <summary>The summary's counts, read back from the file written (two of its columns).</summary>
    private static Written Count(DuckDBConnection connection, string path)
    {
        LogDatabase.Execute(connection, $"CREATE VIEW labelled AS SELECT impressionId, label FROM read_parquet({LabelledDatasetQuery.Literal(path)})");
        using var totals = LogDatabase.Command(connection, """
            SELECT count(*), count(DISTINCT impressionId),
                (SELECT count(*) FROM (SELECT impressionId FROM labelled GROUP BY impressionId HAVING max(label) > 0) p)
            FROM labelled
            """);
        using var reader = totals.ExecuteReader();
        reader.Read();
        var (rows, groups, positive) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        var histogram = new SortedDictionary<int, long>();
        using var labels = LogDatabase.Command(connection, "SELECT label, count(*) FROM labelled GROUP BY label");
        using var labelReader = labels.ExecuteReader();
        while (labelReader.Read())
        {
            histogram[labelReader.GetInt32(0)] = labelReader.GetInt64(1);
        }

        return new Written(rows, groups, positive, histogram);
    }

    private static string Range(DateOnly? from, DateOnly? to) =>
        $"dt {(from is { } f ? LogDatabase.Day(f) : "(any)")} to {(to is { } t ? LogDatabase.Day(t) : "(any)")}";

    private sealed record Written(long Rows, long Groups, long Positive, IReadOnlyDictionary<int, long> Histogram);
}

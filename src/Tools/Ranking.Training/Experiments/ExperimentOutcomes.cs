using System.Globalization;
using Ranking.Training.Datasets;

namespace Ranking.Training.Experiments;

/// <summary>What <c>experiments report</c> reads: the logs, one experiment, the window and the k of CTR@k.</summary>
public sealed class ExperimentOutcomeOptions
{
    public required string LogsDirectory { get; init; }

    /// <summary>The experiment whose impressions to read; or give <see cref="ModelName"/>.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>The model whose impressions to read (every version, in or out of experiments).</summary>
    public string? ModelName { get; init; }

    /// <summary>Only this surface's impressions; null reads every surface's.</summary>
    public string? Surface { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public TimeSpan Attribution { get; init; } = TimeSpan.FromMinutes(30);
    public int K { get; init; } = 10;
    public int MaxListedMalformed { get; init; } = 20;
}

/// <summary>The experiment's impressions with their outcomes, and what reading the logs found.</summary>
public sealed record ExperimentOutcomeSet(IReadOnlyList<ImpressionOutcome> Outcomes, long Lines, long Malformed, IReadOnlyList<MalformedLine> MalformedLines);

/// <summary>
/// Runs <c>sql/experiment-impressions.sql</c> on embedded DuckDB over the logs, after the same line checks as
/// <c>dataset build</c> (malformed lines counted and listed, never silently dropped).
/// </summary>
public static class ExperimentOutcomes
{
    public static string Sql { get; } = LabelledDatasetQuery.Embedded("sql/experiment-impressions.sql");

    /// <exception cref="InvalidDataException">No impression files in the range, or no impression of the experiment (model).</exception>
    /// <exception cref="ArgumentOutOfRangeException">k outside 1..100.</exception>
    public static ExperimentOutcomeSet Read(ExperimentOutcomeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.K, 100);
        if (string.IsNullOrEmpty(options.ExperimentId) == string.IsNullOrEmpty(options.ModelName))
        {
            throw new ArgumentException("give an experiment id or a model name, not both", nameof(options));
        }

        var impressionFiles = LogFile.Find(options.LogsDirectory, "impressions", options.From, options.To);
        if (impressionFiles.Count == 0)
        {
            throw new InvalidDataException($"no impression log files under {Path.Combine(options.LogsDirectory, "impressions")}");
        }

        var from = options.From ?? impressionFiles[0].Day;
        var to = options.To ?? impressionFiles[^1].Day;
        var windowDays = (int)Math.Ceiling(options.Attribution.TotalDays);
        var eventsTo = to.AddDays(windowDays + 1);
        var eventFiles = LogFile.Find(options.LogsDirectory, "events", from.AddDays(-1), eventsTo);
        var work = Directory.CreateTempSubdirectory("ranking-experiment-");
        try
        {
            var scan = LogScan.Run(impressionFiles, eventFiles, options.Surface, work.FullName, strict: false, options.MaxListedMalformed, progress: null, cancellationToken);
            var outcomes = new List<ImpressionOutcome>();
            using (var connection = LogDatabase.Open(scan, work.FullName))
            using (var command = LogDatabase.Command(connection, Sql,
                options.ExperimentId ?? "", options.ModelName ?? "", LogDatabase.Day(from), LogDatabase.Day(to), LogDatabase.Day(from.AddDays(-1)), LogDatabase.Day(eventsTo),
                (long)options.Attribution.TotalMilliseconds, options.K))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    outcomes.Add(new ImpressionOutcome(
                        reader.GetString(0),
                        DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        reader.GetString(2),
                        reader.IsDBNull(3) ? "" : reader.GetString(3),
                        reader.IsDBNull(4) ? "" : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetInt32(6),
                        reader.GetInt32(7),
                        reader.GetInt32(8) == 1,
                        reader.GetDouble(9),
                        reader.GetInt32(10),
                        reader.IsDBNull(11) ? null : reader.GetString(11)));
                }
            }

            if (outcomes.Count == 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"no impression of {(options.ExperimentId is { Length: > 0 } id ? $"experiment '{id}'" : $"model '{options.ModelName}'")} in {impressionFiles.Count} files for dt {LogDatabase.Day(from)} to {LogDatabase.Day(to)} ({scan.Lines} lines read, {scan.Malformed} malformed)"));
            }

            return new ExperimentOutcomeSet(outcomes, scan.Lines, scan.Malformed, scan.Listed);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}

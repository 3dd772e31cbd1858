using System.Globalization;
using Ranking.Core.Models;
using Ranking.Core.Monitoring;
using Ranking.Training.Datasets;

namespace Ranking.Training.Experiments;

/// <summary>One feature's (or the scores') population stability index over the logged rows, against the package's baseline.</summary>
public sealed record DriftLine(string Name, double Psi, long Rows, double MissingShare);

/// <summary>
/// <c>ranking monitor</c>'s drift: every logged row of the package's model version (the values it scored, as logged),
/// binned by the baseline's edges: the population stability index per feature and for the scores. Unlike the serving
/// monitor, which samples a few rows per ranking, this reads every logged row.
/// </summary>
public static class LoggedDrift
{
    /// <exception cref="InvalidDataException">The package has no baseline, no impression of its version is logged, or the logs name other features.</exception>
    public static IReadOnlyList<DriftLine> Measure(string logsDirectory, ModelManifest manifest, DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var baseline = manifest.Baseline ?? throw new InvalidDataException($"{manifest.Name}/{manifest.Version} has no drift baseline in its manifest (trained before baselines were written): retrain it");
        var impressionFiles = LogFile.Find(logsDirectory, "impressions", from, to);
        if (impressionFiles.Count == 0)
        {
            throw new InvalidDataException($"no impression log files under {Path.Combine(logsDirectory, "impressions")}");
        }

        var names = manifest.Features.Select(f => f.Name).ToList();
        var counts = baseline.Features.Select(f => new long[f.Shares.Length]).ToArray();
        var missing = new long[names.Count];
        var scoreCounts = new long[baseline.Score.Shares.Length];
        long rows = 0;
        var work = Directory.CreateTempSubdirectory("ranking-monitor-");
        try
        {
            var scan = LogScan.Run(impressionFiles, [], surface: null, work.FullName, strict: false, maxListed: 0, progress: null, cancellationToken);
            using var connection = LogDatabase.Open(scan, work.FullName);
            var logged = new List<string>();
            using (var features = LogDatabase.Command(connection,
                "SELECT DISTINCT array_to_string(features, ',') FROM impressions WHERE model.name = ? AND model.version = ? AND cardinality(items) > 0 AND cardinality(features) > 0",
                manifest.Name, manifest.Version))
            using (var reader = features.ExecuteReader())
            {
                while (reader.Read())
                {
                    logged.Add(reader.GetString(0));
                }
            }

            if (logged.Count == 0)
            {
                throw new InvalidDataException($"no impression of {manifest.Name}/{manifest.Version} with feature values in {impressionFiles.Count} files");
            }

            var expected = string.Join(',', names);
            if (logged.FirstOrDefault(l => l != expected) is { } other)
            {
                throw new InvalidDataException($"the logs of {manifest.Name}/{manifest.Version} name features [{other}], the package [{expected}]");
            }

            var columns = string.Join(", ", names.Select((_, k) => string.Create(CultureInfo.InvariantCulture, $"CAST(r.items[t.k].\"values\"[{k + 1}] AS REAL)")));
            var sql = $"""
                WITH records AS (
                    SELECT impressionId, part, arbitrary(items) AS items
                    FROM impressions
                    WHERE model.name = ? AND model.version = ? AND cardinality(items) > 0 AND cardinality(features) > 0
                    GROUP BY impressionId, part
                )
                SELECT CAST(r.items[t.k].score AS REAL), {columns}
                FROM records r CROSS JOIN UNNEST(sequence(1, cardinality(r.items))) AS t (k)
                """;
            using var command = LogDatabase.Command(connection, sql, manifest.Name, manifest.Version);
            using var rowsReader = command.ExecuteReader();
            while (rowsReader.Read())
            {
                rows++;
                if (!rowsReader.IsDBNull(0))
                {
                    scoreCounts[Distribution.Bin(baseline.Score.Edges, rowsReader.GetFloat(0))]++;
                }

                for (var f = 0; f < names.Count; f++)
                {
                    if (rowsReader.IsDBNull(f + 1) || float.IsNaN(rowsReader.GetFloat(f + 1)))
                    {
                        missing[f]++;
                    }
                    else
                    {
                        counts[f][Distribution.Bin(baseline.Features[f].Edges, rowsReader.GetFloat(f + 1))]++;
                    }
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var lines = new List<DriftLine> { new("score", PopulationStability.Index(baseline.Score, scoreCounts, 0), rows, 0) };
        for (var f = 0; f < names.Count; f++)
        {
            lines.Add(new DriftLine(names[f], PopulationStability.Index(baseline.Features[f], counts[f], missing[f]), rows, rows == 0 ? 0 : missing[f] / (double)rows));
        }

        return lines;
    }
}

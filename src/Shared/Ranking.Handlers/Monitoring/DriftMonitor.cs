using Ranking.Core.Monitoring;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Monitoring;

/// <summary>
/// Compares what one model scores with its training baseline: from each ranking it samples a few rows of the items
/// returned (evenly spread over the positions), bins their feature values and scores by the baseline's edges, and
/// every <c>window</c> sampled rows reports the population stability index per feature and for the scores, then starts
/// a new window. Sampling keeps the cost per request to a few hundred comparisons (measured in the benchmark); a
/// window of a few thousand rows is enough for a stable index over ten bins. Thread-safe.
/// </summary>
public sealed class DriftMonitor : IRankingObserver
{
    public const int RowsPerRanking = 8;
    public const int DefaultWindow = 2000;

    private readonly DriftBaseline _baseline;
    private readonly int _window;
    private readonly string _version;
    private readonly Action<DriftReading> _report;
    private readonly string[] _names;
    private readonly double[][] _edges;
    private readonly long[][] _counts;
    private readonly long[] _missing;
    private readonly long[] _scoreCounts;
    private readonly Lock _lock = new();
    private int _rows;

    private DriftMonitor(DriftBaseline baseline, string version, int window, Action<DriftReading> report)
    {
        _baseline = baseline;
        _version = version;
        _window = window;
        _report = report;
        _names = [.. baseline.Features.Select(f => f.Name ?? "")];
        _edges = [.. baseline.Features.Select(f => f.Edges)];
        _counts = [.. baseline.Features.Select(f => new long[f.Shares.Length])];
        _missing = new long[baseline.Features.Count];
        _scoreCounts = new long[baseline.Score.Shares.Length];
    }

    /// <summary>A monitor for <paramref name="model"/>, or null when its package has no baseline (or one of another width).</summary>
    public static DriftMonitor? For(RankingModel model, Action<DriftReading> report, int window = DefaultWindow) =>
        model.Manifest.Baseline is { } baseline && baseline.Features.Count == model.Plan.Width && baseline.Score.Shares.Length == baseline.Score.Edges.Length + 1
            ? new DriftMonitor(baseline, model.Version, window, report)
            : null;

    public void Observe(RankResult result, RankedRows rows)
    {
        // A fallback's rows hold no model scores, and rows of another width come from another model's plan.
        if (result.Fallback is not null || rows.Count == 0 || rows.Width != _edges.Length)
        {
            return;
        }

        DriftReading? reading = null;
        var sampled = Math.Min(RowsPerRanking, rows.Count);
        lock (_lock)
        {
            for (var s = 0; s < sampled; s++)
            {
                // The middle of each of `sampled` equal slices of the ranking: a sample spread evenly over positions,
                // which are in score order, so neither end of the score range is left out.
                var r = (int)((((2L * s) + 1) * rows.Count) / (2 * sampled));
                var row = rows[r];
                for (var f = 0; f < row.Length; f++)
                {
                    var value = row[f];
                    if (float.IsNaN(value))
                    {
                        _missing[f]++;
                    }
                    else
                    {
                        _counts[f][Distribution.Bin(_edges[f], value)]++;
                    }
                }

                _scoreCounts[Distribution.Bin(_baseline.Score.Edges, result.Items[r].Score)]++;
            }

            _rows += sampled;
            if (_rows >= _window)
            {
                reading = Close();
            }
        }

        if (reading is not null)
        {
            _report(reading);
        }
    }

    /// <summary>The window's indexes; clears the counts for the next window. Called under the lock.</summary>
    private DriftReading Close()
    {
        var psi = new double[_names.Length];
        for (var f = 0; f < psi.Length; f++)
        {
            psi[f] = PopulationStability.Index(_baseline.Features[f], _counts[f], _missing[f]);
            Array.Clear(_counts[f]);
            _missing[f] = 0;
        }

        var reading = new DriftReading(_version, _rows, PopulationStability.Index(_baseline.Score, _scoreCounts, 0), _names, psi);
        Array.Clear(_scoreCounts);
        _rows = 0;
        return reading;
    }
}

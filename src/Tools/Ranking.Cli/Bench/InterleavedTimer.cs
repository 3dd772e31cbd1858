using System.Diagnostics;

namespace Ranking.Cli.Bench;

/// <summary>
/// Times several scorers in one run on the same matrices: each repetition takes the next matrix and calls every
/// scorer once on it, so a machine that slows down (another job, a frequency change) slows all of them alike.
/// </summary>
internal static class InterleavedTimer
{
    /// <summary>Warm-up is this fraction of the budget: enough calls, and time, for the JIT to reach its optimised code.</summary>
    private const double WarmUpShare = 0.25;

    /// <summary>
    /// Warms every scorer up, then repeats until each has had about <paramref name="budget"/> of calls and every
    /// matrix has been scored equally often.
    /// </summary>
    /// <returns>Each scorer's median time per call in nanoseconds, in <paramref name="scorers"/>' order, and the repetitions timed.</returns>
    public static (double[] MedianNs, int Repetitions) Measure(IReadOnlyList<ScoreBatch> scorers, float[][] matrices, int rows, TimeSpan budget)
    {
        var scores = new float[rows];
        Repeat(scorers, matrices, rows, scores, budget * WarmUpShare, times: null);
        var times = new List<long>[scorers.Count];
        for (var s = 0; s < times.Length; s++)
        {
            times[s] = [];
        }

        var repetitions = Repeat(scorers, matrices, rows, scores, budget, times);
        var medians = new double[scorers.Count];
        for (var s = 0; s < medians.Length; s++)
        {
            medians[s] = Median(times[s]) * 1e9 / Stopwatch.Frequency;
        }

        return (medians, repetitions);
    }

    private static int Repeat(IReadOnlyList<ScoreBatch> scorers, float[][] matrices, int rows, float[] scores, TimeSpan budget, List<long>[]? times)
    {
        var until = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * scorers.Count * Stopwatch.Frequency);
        var repetition = 0;
        // Whole passes over the matrices, so each is timed as often as the others.
        while (repetition == 0 || repetition % matrices.Length != 0 || Stopwatch.GetTimestamp() < until)
        {
            var matrix = matrices[repetition % matrices.Length];
            for (var i = 0; i < scorers.Count; i++)
            {
                // The first scorer of a repetition meets the matrix cold in cache; the next ones find it warm. Rotating
                // who goes first shares that out.
                var s = (repetition + i) % scorers.Count;
                var start = Stopwatch.GetTimestamp();
                scorers[s](matrix, rows, scores);
                times?[s].Add(Stopwatch.GetTimestamp() - start);
            }

            repetition++;
        }

        return repetition;
    }

    private static double Median(List<long> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }
}

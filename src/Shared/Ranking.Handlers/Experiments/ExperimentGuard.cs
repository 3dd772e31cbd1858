using Ranking.Core.Experiments;

namespace Ranking.Handlers.Experiments;

/// <summary>
/// The guardrail of a running experiment in one serving process: per variant, the last <c>Window</c> requests'
/// latency and fallback. A variant over a limit trips once and stays tripped for the life of the experiment in this
/// process: its users are served by the live model, outside the experiment. Thread-safe (serve runs requests in
/// parallel); the p99 is recomputed every <see cref="PercentileEvery"/> requests, not on each.
/// </summary>
public sealed class ExperimentGuard
{
    private const int PercentileEvery = 25;

    private readonly ExperimentGuardrail _limits;
    private readonly Variant[] _variants;

    public ExperimentGuard(ExperimentGuardrail limits, int variants)
    {
        _limits = limits;
        _variants = new Variant[variants];
        for (var i = 0; i < variants; i++)
        {
            _variants[i] = new Variant(limits.Window);
        }
    }

    public bool IsTripped(int variant) => Volatile.Read(ref _variants[variant].Tripped) is not null;

    /// <summary>Why the variant tripped, or null.</summary>
    public string? TrippedBecause(int variant) => Volatile.Read(ref _variants[variant].Tripped);

    /// <summary>Counts one served request; returns the reason when this request tripped the variant (once), else null.</summary>
    public string? Record(int variant, double latencyMs, bool fallback)
    {
        var state = _variants[variant];
        lock (state)
        {
            if (state.Tripped is not null)
            {
                return null;
            }

            var window = state.Latencies.Length;
            var slot = (int)(state.Seen % window);
            if (state.Seen >= window && state.Fallbacks[slot])
            {
                state.FallbackCount--;
            }

            state.Latencies[slot] = latencyMs;
            state.Fallbacks[slot] = fallback;
            state.FallbackCount += fallback ? 1 : 0;
            state.Seen++;
            var count = (int)Math.Min(state.Seen, window);
            if (count < _limits.MinRequests)
            {
                return null;
            }

            string? reason = null;
            var rate = state.FallbackCount / (double)count;
            if (_limits.MaxFallbackRate is { } maxRate && rate > maxRate)
            {
                reason = FormattableString.Invariant($"fallback rate {rate * 100:0.0}% over the last {count} requests exceeds {maxRate * 100:0.0}%");
            }
            else if (_limits.MaxP99Ms is { } maxP99 && (state.Seen % PercentileEvery == 0 || count == _limits.MinRequests) && P99(state, count) is var p99 && p99 > maxP99)
            {
                reason = FormattableString.Invariant($"p99 latency {p99:0.#} ms over the last {count} requests exceeds {maxP99:0.#} ms");
            }

            if (reason is not null)
            {
                Volatile.Write(ref state.Tripped, reason);
            }

            return reason;
        }
    }

    private static double P99(Variant state, int count)
    {
        var sorted = state.Scratch.AsSpan(0, count);
        state.Latencies.AsSpan(0, count).CopyTo(sorted);
        sorted.Sort();
        // Nearest rank: the smallest value with at least 99% of the window at or below it.
        return sorted[Math.Max(0, (int)Math.Ceiling(0.99 * count) - 1)];
    }

    private sealed class Variant(int window)
    {
        public readonly double[] Latencies = new double[window];
        public readonly double[] Scratch = new double[window];
        public readonly bool[] Fallbacks = new bool[window];
        public long Seen;
        public int FallbackCount;
        public string? Tripped;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ranking.Handlers.Metrics;

/// <summary>
/// Aggregates the measurements of one <see cref="Meter"/> in memory, per instrument and per set of tags: counters
/// summed, gauges as their last value, histograms into their advised buckets. serve renders it at <c>/metrics</c>;
/// tests read it by EMF name (<see cref="Sum"/>), the name the functions' alarms use. Thread-safe.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();

    public MetricsCollector(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument, _instruments.GetOrAdd(instrument, i => new InstrumentSeries(i)));
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every instrument with its series so far, in the order the instruments were defined.</summary>
    public IReadOnlyList<InstrumentSnapshot> Snapshot() =>
        [.. _instruments.Values.OrderBy(s => s.Order).Select(s => s.Snapshot())];

    /// <summary>
    /// The total recorded under an EMF name over every surface: a counter's sum, a histogram's count, a gauge's last value. For a name
    /// written both as a total and per value (<c>Fallback</c>, <c>Fallback_deadline</c>), each reads its own part.
    /// </summary>
    public double Sum(string emfName) => Matching(emfName).Sum(m => m.Kind == InstrumentKind.Histogram ? m.Series.Count : m.Series.Value);

    /// <summary>How many measurements were recorded under an EMF name (a gauge's recordings, say).</summary>
    public long Recorded(string emfName) => Matching(emfName).Sum(m => m.Series.Count);

    public void Dispose() => _listener.Dispose();

    private IEnumerable<(InstrumentKind Kind, SeriesSnapshot Series)> Matching(string emfName)
    {
        foreach (var instrument in Snapshot())
        {
            if (instrument.Emf is not { } naming)
            {
                continue;
            }

            foreach (var series in instrument.Series)
            {
                var (variant, total, _) = naming.NamesOf([.. series.Tags]);
                if (variant == emfName || total == emfName)
                {
                    yield return (instrument.Kind, series);
                }
            }
        }
    }

    private static int s_order;

    private sealed class InstrumentSeries(Instrument instrument)
    {
        private readonly ConcurrentDictionary<TagKey, Series> _series = new();
        private readonly double[]? _bounds = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray();
        private readonly EmfNaming? _emf = EmfNaming.Of(instrument);

        public int Order { get; } = Interlocked.Increment(ref s_order);

        public InstrumentKind Kind { get; } = instrument switch
        {
            Histogram<double> => InstrumentKind.Histogram,
            Gauge<double> or Gauge<long> => InstrumentKind.Gauge,
            _ => InstrumentKind.Counter,
        };

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = _series.GetOrAdd(TagKey.Of(tags), static (key, bounds) => new Series(key, bounds), _bounds);
            series.Record(Kind, value);
        }

        public InstrumentSnapshot Snapshot() => new(
            instrument.Name, instrument.Unit, instrument.Description, Kind, _emf, _bounds ?? [],
            [.. _series.Values.Select(s => s.Snapshot()).OrderBy(s => string.Join(',', s.Tags.Select(t => t.Value)), StringComparer.Ordinal)]);
    }

    private sealed class Series(TagKey key, double[]? bounds)
    {
        private readonly Lock _gate = new();
        private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length + 1];
        private double _value;
        private long _count;

        public void Record(InstrumentKind kind, double value)
        {
            lock (_gate)
            {
                _count++;
                if (kind == InstrumentKind.Gauge)
                {
                    _value = value;
                    return;
                }

                _value += value;
                if (_buckets is not null)
                {
                    // Upper bounds are inclusive, as Prometheus's "le" says.
                    var bucket = Array.BinarySearch(bounds!, value);
                    _buckets[bucket >= 0 ? bucket : ~bucket]++;
                }
            }
        }

        public SeriesSnapshot Snapshot()
        {
            lock (_gate)
            {
                return new SeriesSnapshot(key.Pairs(), _value, _count, _buckets is null ? [] : [.. _buckets]);
            }
        }
    }

    /// <summary>
    /// Up to three tags, ordered by key: <see cref="RankingInstruments"/> records at most two, and a fourth would be
    /// left out of the series key rather than fail the request that recorded it.
    /// </summary>
    private readonly record struct TagKey(string? K1, string? V1, string? K2, string? V2, string? K3, string? V3)
    {
        public static TagKey Of(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Three compare-and-swaps sort three pairs; no allocation on the request path.
            var a = Pair(tags, 0);
            var b = Pair(tags, 1);
            var c = Pair(tags, 2);
            SortTwo(ref a, ref b);
            SortTwo(ref b, ref c);
            SortTwo(ref a, ref b);
            return new TagKey(a.Key, a.Value, b.Key, b.Value, c.Key, c.Value);
        }

        private static (string? Key, string? Value) Pair(ReadOnlySpan<KeyValuePair<string, object?>> tags, int i) =>
            i < tags.Length ? (tags[i].Key, tags[i].Value?.ToString()) : (null, null);

        /// <summary>Orders by key, absent pairs last.</summary>
        private static void SortTwo(ref (string? Key, string? Value) first, ref (string? Key, string? Value) second)
        {
            if (first.Key is null ? second.Key is not null : second.Key is not null && string.CompareOrdinal(first.Key, second.Key) > 0)
            {
                (first, second) = (second, first);
            }
        }

        public KeyValuePair<string, object?>[] Pairs()
        {
            var pairs = new List<KeyValuePair<string, object?>>(3);
            if (K1 is not null) pairs.Add(new(K1, V1));
            if (K2 is not null) pairs.Add(new(K2, V2));
            if (K3 is not null) pairs.Add(new(K3, V3));
            return [.. pairs];
        }
    }
}

public enum InstrumentKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>An instrument's series at one moment; <see cref="Bounds"/> are a histogram's bucket upper bounds.</summary>
public sealed record InstrumentSnapshot(
    string Name, string? Unit, string? Description, InstrumentKind Kind, EmfNaming? Emf, IReadOnlyList<double> Bounds, IReadOnlyList<SeriesSnapshot> Series);

/// <summary>
/// One set of tag values: <see cref="Value"/> is a counter's sum, a gauge's last value or a histogram's sum;
/// <see cref="Count"/> the measurements recorded; <see cref="Buckets"/> a histogram's count per bucket (the last past every bound).
/// </summary>
public sealed record SeriesSnapshot(IReadOnlyList<KeyValuePair<string, object?>> Tags, double Value, long Count, IReadOnlyList<long> Buckets);

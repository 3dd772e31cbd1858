namespace Ranking.Lambda.Metrics;

/// <summary>
/// Collects metrics for one invocation and writes them as CloudWatch Embedded Metric Format lines on
/// <see cref="Flush"/>: one line per dimension group (the function, or the function and one scope value), split
/// further beyond 100 metrics or 100 values per metric. Properties (<see cref="SetProperty"/>) go on every line.
/// Thread-safe. The first flush of an instance also records <see cref="EmfOptions.ColdStartMetric"/> = 1: create one
/// instance per execution environment, at init.
/// </summary>
public sealed class EmfMetrics(EmfOptions options, TextWriter output, TimeProvider time)
{
    /// <summary>The specification's limit of metric definitions in one directive.</summary>
    public const int MaxMetricsPerLine = 100;

    /// <summary>The specification's limit of values in one metric's array.</summary>
    public const int MaxValuesPerMetric = 100;

    private readonly Lock _gate = new();
    private readonly List<EmfDimensionGroup> _groups = [];
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private bool _flushedOnce;

    /// <summary>
    /// Adds one value. <paramref name="scope"/> is the value of <see cref="EmfOptions.ScopeDimension"/> (null: function
    /// level). Non-finite values are dropped: EMF requires JSON numbers, and NaN would make CloudWatch reject the line.
    /// </summary>
    public void Record(string metric, double value, EmfUnit unit, string? scope = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        if (scope is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        }

        if (!double.IsFinite(value))
        {
            return;
        }

        lock (_gate)
        {
            GroupFor(scope).Add(metric, value, unit);
        }
    }

    /// <summary>A searchable, non-metric member of every line of the next flush (e.g. <c>RequestId</c>, <c>ModelVersion</c>).</summary>
    public void SetProperty(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _properties[name] = value;
        }
    }

    /// <summary>Writes what was recorded, then forgets metrics and properties. Nothing recorded: nothing written.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_flushedOnce)
            {
                _flushedOnce = true;
                GroupFor(scope: null).Add(options.ColdStartMetric, 1, EmfUnit.Count);
            }

            var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var group in _groups)
            {
                foreach (var line in EmfDocument.Lines(options, group, _properties, timestamp))
                {
                    output.Write(line);
                }
            }

            if (_groups.Count > 0)
            {
                // Lambda freezes the process once the response is posted; buffered metrics would be late or lost.
                output.Flush();
            }

            _groups.Clear();
            _properties.Clear();
        }
    }

    private EmfDimensionGroup GroupFor(string? scope)
    {
        foreach (var group in _groups)
        {
            if (group.Scope == scope)
            {
                return group;
            }
        }

        var created = new EmfDimensionGroup(scope);
        if (scope is null)
        {
            // Function-level line first: it carries the cold start and the totals.
            _groups.Insert(0, created);
        }
        else
        {
            _groups.Add(created);
        }

        return created;
    }
}

namespace Ranking.Lambda.Metrics;

/// <summary>Metrics sharing one dimension set: the function alone (<see cref="Scope"/> null) or function + scope.</summary>
internal sealed class EmfDimensionGroup(string? scope)
{
    private readonly Dictionary<string, EmfMetric> _byName = new(StringComparer.Ordinal);

    public string? Scope { get; } = scope;

    /// <summary>In first-recorded order, so lines are stable and readable.</summary>
    public List<EmfMetric> Metrics { get; } = [];

    public void Add(string name, double value, EmfUnit unit)
    {
        if (!_byName.TryGetValue(name, out var metric))
        {
            metric = new EmfMetric(name, unit);
            _byName.Add(name, metric);
            Metrics.Add(metric);
        }

        metric.Values.Add(value);
    }
}

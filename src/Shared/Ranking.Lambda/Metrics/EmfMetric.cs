namespace Ranking.Lambda.Metrics;

/// <summary>The values one metric collected since the last flush, in recording order.</summary>
internal sealed class EmfMetric(string name, EmfUnit unit)
{
    public string Name { get; } = name;

    /// <summary>The unit of the first recording: one metric definition has one unit.</summary>
    public EmfUnit Unit { get; } = unit;

    public List<double> Values { get; } = new(1);
}

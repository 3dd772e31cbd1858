namespace Ranking.Lambda.Metrics;

/// <summary>
/// The names an <see cref="EmfMetrics"/> writes with. They are the application's contract with its alarms and
/// dashboards, so the application supplies them: the writer itself knows no metric or dimension by name.
/// </summary>
public sealed class EmfOptions
{
    public required string Namespace { get; init; }

    /// <summary>The dimension every line carries; its value is <see cref="FunctionName"/>.</summary>
    public required string FunctionDimension { get; init; }

    public required string FunctionName { get; init; }

    /// <summary>The one optional extra dimension (a surface, a tenant) of metrics recorded with a scope.</summary>
    public required string ScopeDimension { get; init; }

    /// <summary>Recorded as 1, function level, on an instance's first flush: one instance per execution environment.</summary>
    public required string ColdStartMetric { get; init; }
}

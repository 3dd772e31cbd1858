using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Lambda;
using Ranking.Contracts;

namespace Ranking.Infra.Observability;

/// <summary>
/// The functions' EMF metrics as CloudWatch metrics, with the dimension set each one is written with: a function-level
/// metric has exactly <c>Function</c>; a per-surface one exactly <c>Function, Surface</c>. The <c>Function</c> value is
/// the deployed function's name (<c>AWS_LAMBDA_FUNCTION_NAME</c>), resolved by CloudFormation.
/// </summary>
internal static class RankingMetrics
{
    public static readonly Duration Period = Duration.Minutes(5);

    public static Metric PerSurface(string name, IFunction function, string surface, string statistic, string? label = null) => new(new MetricProps
    {
        MetricName = MetricNames.IsPerSurface(name) ? name : throw WrittenWithOtherDimensions(name, "per function"),
        Namespace = MetricNames.Namespace,
        DimensionsMap = new Dictionary<string, string>
        {
            [MetricNames.FunctionDimension] = function.FunctionName,
            [MetricNames.SurfaceDimension] = surface,
        },
        Statistic = statistic,
        Period = Period,
        Label = label,
    });

    public static Metric PerFunction(string name, IFunction function, string statistic, string? label = null) => new(new MetricProps
    {
        MetricName = MetricNames.IsPerSurface(name) ? throw WrittenWithOtherDimensions(name, "per surface") : name,
        Namespace = MetricNames.Namespace,
        DimensionsMap = new Dictionary<string, string> { [MetricNames.FunctionDimension] = function.FunctionName },
        Statistic = statistic,
        Period = Period,
        Label = label,
    });

    private static ArgumentException WrittenWithOtherDimensions(string name, string how) =>
        new($"the functions write {name} {how}: a metric with other dimensions is a series that never exists", nameof(name));
}

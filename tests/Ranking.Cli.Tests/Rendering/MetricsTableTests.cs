using Ranking.Cli.Rendering;
using Ranking.Core.Evaluation;
using Spectre.Console.Testing;

namespace Ranking.Cli.Tests.Rendering;

/// <summary>The metrics table train and evaluate print: four decimals, and a baseline column only when there is one.</summary>
public sealed class MetricsTableTests
{
    private static readonly RankingMetrics s_metrics = RankingEvaluator.Evaluate([2, 0, 1, 0], [0.9f, 0.1f, 0.5f, 0.2f], [4]);

    [Fact]
    public void Create_WithoutBaseline_HasOneValueColumn()
    {
        var output = Render(MetricsTable.Create("1 queries", s_metrics));

        Assert.Contains("1 queries", output, StringComparison.Ordinal);
        Assert.DoesNotContain("baseline", output, StringComparison.Ordinal);
        Assert.Contains("│ NDCG@10 │ 1.0000 │", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithBaseline_ShowsItAndADashWhereItHasNoValue()
    {
        var output = Render(MetricsTable.Create("holdout", s_metrics, new Dictionary<string, double> { ["ndcg@10"] = 0.25 }));

        Assert.Contains("baseline", output, StringComparison.Ordinal);
        Assert.Matches(@"│ NDCG@10 +│ 1\.0000 │ +0\.2500 │", output);
        Assert.Matches(@"│ MRR +│ 1\.0000 │ +- │", output);
    }

    [Theory]
    [InlineData(0.123456, "0.1235")]
    [InlineData(1, "1.0000")]
    public void Format_GivesFourDecimalsInvariantly(double value, string expected) => Assert.Equal(expected, MetricsTable.Format(value));

    private static string Render(Spectre.Console.Rendering.IRenderable table)
    {
        using var console = new TestConsole();
        console.Write(table);
        return console.Output;
    }
}

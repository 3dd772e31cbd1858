using System.Globalization;
using Ranking.Core.Evaluation;
using Spectre.Console;

namespace Ranking.Cli.Rendering;

/// <summary>Offline metrics for people, as <c>evaluate</c> and <c>train</c> print them.</summary>
internal static class MetricsTable
{
    /// <summary>A row per metric, with a baseline column when there is one.</summary>
    public static Table Create(string title, RankingMetrics metrics, IReadOnlyDictionary<string, double>? baseline = null)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumn("metric");
        table.AddColumn(new TableColumn("model").RightAligned());
        if (baseline is not null)
        {
            table.AddColumn(new TableColumn("baseline").RightAligned());
        }

        foreach (var key in RankingMetrics.Keys)
        {
            var cells = new List<string> { key.ToUpperInvariant(), Format(metrics[key]) };
            if (baseline is not null)
            {
                cells.Add(baseline.TryGetValue(key, out var value) ? Format(value) : "-");
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary>A metric value as every table shows it: four decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}

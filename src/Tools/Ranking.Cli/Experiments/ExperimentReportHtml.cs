using System.Globalization;
using System.Net;
using System.Text;
using Ranking.Training.Experiments;

namespace Ranking.Cli.Experiments;

/// <summary>
/// <c>experiments report --html</c>: one self-contained page (inline CSS and SVG, no script, nothing fetched), so it
/// opens offline and can be mailed: the numbers table, a confidence-interval chart per metric, the daily trend and,
/// under interleaving, the wins of each team.
/// </summary>
internal static class ExperimentReportHtml
{
    private const int Width = 640;
    private static readonly string[] s_colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    /// <param name="title">The page's heading; "Experiment {id} (mode)" when null.</param>
    /// <param name="drift">For <c>ranking monitor</c>: each feature's (and the scores') PSI against the package's baseline, charted at the end.</param>
    public static string Render(ExperimentReport report, string? title = null, IReadOnlyList<DriftLine>? drift = null)
    {
        title ??= $"Experiment {report.ExperimentId} ({report.Mode})";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}svg{display:block;margin:0.5em 0 1.5em}.note{color:#666;font-size:0.9em}</style></head><body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">95% intervals from {report.BootstrapSamples} bootstrap resamples of users; p-values are two-sided, each variant against the control.</p>\n");
        Table(html, report);
        var variants = report.Variants.Select(v => v.Variant).ToList();
        Intervals(html, $"CTR@{report.K}", report.Variants.Select(v => (v.Variant, v.CtrAtK)).ToList(), variants);
        Intervals(html, "Purchases per impression", report.Variants.Select(v => (v.Variant, v.PurchasesPerImpression)).ToList(), variants);
        Intervals(html, "NDCG@10 against clicks", report.Variants.Select(v => (v.Variant, v.Ndcg10)).ToList(), variants);
        if (report.Interleaving is { } interleaving)
        {
            Wins(html, interleaving);
        }

        Trend(html, report, variants);
        if (drift is not null)
        {
            Drift(html, drift);
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, ExperimentReport report)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table><tr><th>variant</th><th>impressions</th><th>users</th><th>CTR@{report.K}</th><th>purchases / impression</th><th>NDCG@10</th><th>CTR difference (p)</th></tr>\n");
        foreach (var v in report.Variants)
        {
            var difference = v.VersusControl?[ExperimentReport.CtrMetric] is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"{ExperimentReportCommand.Signed(d.Value)} [{ExperimentReportCommand.Signed(d.Low)}, {ExperimentReportCommand.Signed(d.High)}] (p{ExperimentReportCommand.PValue(d.PValue, report.BootstrapSamples)})")
                : "control";
            html.Append("<tr><td>").Append(E(v.Variant)).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{v.Impressions:N0}</td><td>{v.Users:N0}</td><td>{Cell(v.CtrAtK)}</td><td>{Cell(v.PurchasesPerImpression)}</td><td>{Cell(v.Ndcg10)}</td>")
                .Append("<td>").Append(E(report.Interleaving is null ? difference : "-")).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    /// <summary>Each variant's value as a dot on its 95% interval, on a shared axis.</summary>
    private static void Intervals(StringBuilder html, string title, List<(string Variant, MetricEstimate Estimate)> rows, List<string> variants)
    {
        var (low, high) = Range(rows.SelectMany(r => new[] { r.Estimate.Low, r.Estimate.High, r.Estimate.Value }));
        const int Left = 120, Right = 20, RowHeight = 28, Top = 10;
        var height = Top + (rows.Count * RowHeight) + 30;
        double X(double value) => Left + ((value - low) / (high - low) * (Width - Left - Right));
        html.Append("<h2>").Append(E(title)).Append("</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)} by variant with 95% intervals\">\n");
        Axis(html, low, high, X, Top + (rows.Count * RowHeight) + 5);
        for (var r = 0; r < rows.Count; r++)
        {
            var (variant, m) = rows[r];
            var y = Top + (r * RowHeight) + (RowHeight / 2);
            var colour = Colour(variants, variant);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + 4}\" text-anchor=\"end\" font-size=\"13\">{E(variant)}</text>");
            if (!double.IsFinite(m.Value) || !double.IsFinite(m.Low))
            {
                // No value (NDCG without a click) or no interval: named, not drawn.
                html.Append('\n');
                continue;
            }

            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(m.Low):0.#}\" x2=\"{X(m.High):0.#}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"3\"/>")
                .Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(m.Value):0.#}\" cy=\"{y}\" r=\"5\" fill=\"{colour}\"><title>{E(variant)}: {m.Value:0.0000} [{m.Low:0.0000}, {m.High:0.0000}]</title></circle>\n");
        }

        html.Append("</svg>\n");
    }

    private static void Wins(StringBuilder html, InterleavingResult result)
    {
        html.Append("<h2>Interleaving: impressions won</h2>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p>{E(result.TeamA)} won {result.WinsA:N0}, {E(result.TeamB)} won {result.WinsB:N0}, {result.Ties:N0} ties or no click; {E(result.TeamA)}'s share of decided impressions {result.PreferenceA:0.0000} (binomial test p{ExperimentReportCommand.PValue(result.PValue)}).</p>\n");
        var total = Math.Max(1, result.Impressions);
        var (a, ties) = (result.WinsA * (Width - 20.0) / total, result.Ties * (Width - 20.0) / total);
        var b = Width - 20.0 - a - ties;
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"40\" role=\"img\" aria-label=\"wins per team\">")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"10\" y=\"5\" width=\"{a:0.#}\" height=\"24\" fill=\"{s_colours[0]}\"><title>{E(result.TeamA)}: {result.WinsA}</title></rect>")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{10 + a:0.#}\" y=\"5\" width=\"{ties:0.#}\" height=\"24\" fill=\"#ccc\"><title>ties: {result.Ties}</title></rect>")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{10 + a + ties:0.#}\" y=\"5\" width=\"{b:0.#}\" height=\"24\" fill=\"{s_colours[1]}\"><title>{E(result.TeamB)}: {result.WinsB}</title></rect></svg>\n");
    }

    /// <summary>Per day: CTR@k per variant (A/B), or team A's share of decided impressions with the 0.5 line (interleaving).</summary>
    private static void Trend(StringBuilder html, ExperimentReport report, List<string> variants)
    {
        var days = report.Daily.Select(p => p.Day).Distinct().Order().ToList();
        var interleaved = report.Interleaving is not null;
        html.Append("<h2>Daily trend: ").Append(interleaved ? E(report.Interleaving!.TeamA) + "'s share of decided impressions" : $"CTR@{report.K}").Append("</h2>\n");
        var values = report.Daily.Select(p => p.Value).Concat(interleaved ? [0.5] : []);
        var (low, high) = Range(values);
        const int Left = 60, Right = 20, Top = 10, Height = 220;
        double X(int day) => days.Count == 1 ? (Left + Width - Right) / 2.0 : Left + (day * (Width - Left - Right) / (double)(days.Count - 1));
        double Y(double value) => Top + Height - ((value - low) / (high - low) * Height);
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{Top + Height + 50}\" role=\"img\" aria-label=\"daily trend\">\n");
        foreach (var tick in Ticks(low, high))
        {
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{tick:0.###}</text>\n");
        }

        if (interleaved)
        {
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(0.5):0.#}\" y2=\"{Y(0.5):0.#}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n");
        }

        foreach (var series in report.Daily.GroupBy(p => p.Variant, StringComparer.Ordinal))
        {
            var points = string.Join(' ', series.OrderBy(p => p.Day).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(days.IndexOf(p.Day)):0.#},{Y(p.Value):0.#}")));
            var colour = Colour(variants, series.Key);
            html.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"><title>{E(series.Key)}</title></polyline>\n");
        }

        for (var d = 0; d < days.Count; d += Math.Max(1, days.Count / 8))
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(d):0.#}\" y=\"{Top + Height + 18}\" text-anchor=\"middle\" font-size=\"11\">{days[d]:MM-dd}</text>\n");
        }

        var legendX = Left;
        foreach (var variant in report.Daily.Select(p => p.Variant).Distinct(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{Top + Height + 30}\" width=\"12\" height=\"12\" fill=\"{Colour(variants, variant)}\"/><text x=\"{legendX + 16}\" y=\"{Top + Height + 40}\" font-size=\"12\">{E(variant)}</text>\n");
            legendX += 24 + (8 * variant.Length);
        }

        html.Append("</svg>\n");
    }

    /// <summary>One bar per feature (and the scores), with the 0.1 and 0.2 reading lines.</summary>
    private static void Drift(StringBuilder html, IReadOnlyList<DriftLine> drift)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Drift against the training baseline ({drift[0].Rows:N0} logged rows)</h2>\n");
        html.Append("<p class=\"note\">Population stability index: under 0.1 stable, 0.1 to 0.2 worth a look, over 0.2 shifted.</p>\n");
        const int Left = 150, Right = 60, RowHeight = 20;
        var high = Math.Max(0.3, drift.Max(d => d.Psi) * 1.1);
        double X(double value) => Left + (value / high * (Width - Left - Right));
        var height = (drift.Count * RowHeight) + 30;
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"population stability index per feature\">\n");
        foreach (var line in new[] { 0.1, 0.2 })
        {
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(line):0.#}\" x2=\"{X(line):0.#}\" y1=\"0\" y2=\"{height - 20}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/><text x=\"{X(line):0.#}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"11\">{line:0.0}</text>\n");
        }

        for (var i = 0; i < drift.Count; i++)
        {
            var d = drift[i];
            var y = i * RowHeight;
            var colour = d.Psi > 0.2 ? s_colours[1] : d.Psi > 0.1 ? s_colours[4] : s_colours[2];
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"12\">{E(d.Name)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y + 3}\" width=\"{Math.Max(1, X(d.Psi) - Left):0.#}\" height=\"14\" fill=\"{colour}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{X(d.Psi) + 4:0.#}\" y=\"{y + 14}\" font-size=\"11\">{d.Psi:0.0000}</text>\n");
        }

        html.Append("</svg>\n");
    }

    private static void Axis(StringBuilder html, double low, double high, Func<double, double> x, int y)
    {
        foreach (var tick in Ticks(low, high))
        {
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x(tick):0.#}\" x2=\"{x(tick):0.#}\" y1=\"0\" y2=\"{y}\" stroke=\"#eee\"/><text x=\"{x(tick):0.#}\" y=\"{y + 14}\" text-anchor=\"middle\" font-size=\"11\">{tick:0.####}</text>\n");
        }
    }

    private static IEnumerable<double> Ticks(double low, double high)
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10((high - low) / 4)));
        if ((high - low) / step > 8)
        {
            step *= 2;
        }

        for (var tick = Math.Ceiling(low / step) * step; tick <= high + (step / 1e6); tick += step)
        {
            yield return Math.Round(tick, 10);
        }
    }

    /// <summary>The values' range with a margin, never empty.</summary>
    private static (double Low, double High) Range(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        var (low, high) = list.Count == 0 ? (0.0, 1.0) : (list.Min(), list.Max());
        var margin = Math.Max((high - low) * 0.1, Math.Max(Math.Abs(high), 1e-3) * 0.05);
        return (low - margin, high + margin);
    }

    private static string Colour(List<string> variants, string variant) => s_colours[Math.Max(0, variants.IndexOf(variant)) % s_colours.Length];

    private static string Cell(MetricEstimate m) =>
        !double.IsFinite(m.Value) ? "-" : string.Create(CultureInfo.InvariantCulture, $"{m.Value:0.0000}<br><small>[{m.Low:0.0000}, {m.High:0.0000}]</small>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

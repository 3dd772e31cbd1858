using System.Globalization;
using System.Text;
using Ranking.Handlers.Metrics;

namespace Ranking.Cli.Serve.Dashboard;

/// <summary>
/// The collector's series in the Prometheus text exposition format (0.0.4): an instrument <c>ranking.rank.latency</c>
/// in <c>ms</c> is <c>ranking_rank_latency_milliseconds</c>, a counter gets <c>_total</c>, a histogram its cumulative
/// <c>_bucket</c> series with <c>le</c>, <c>_sum</c> and <c>_count</c>. Instruments with no series yet are left out.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static byte[] Render(IReadOnlyList<InstrumentSnapshot> instruments)
    {
        var text = new StringBuilder(8192);
        foreach (var instrument in instruments)
        {
            if (instrument.Series.Count == 0)
            {
                continue;
            }

            var name = NameOf(instrument);
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Description ?? instrument.Name)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(instrument.Kind switch
            {
                InstrumentKind.Counter => "counter",
                InstrumentKind.Gauge => "gauge",
                _ => "histogram",
            }).Append('\n');
            foreach (var series in instrument.Series)
            {
                if (instrument.Kind != InstrumentKind.Histogram)
                {
                    Sample(text, name, series.Tags, null, series.Value);
                    continue;
                }

                long cumulative = 0;
                for (var b = 0; b < series.Buckets.Count; b++)
                {
                    cumulative += series.Buckets[b];
                    var le = b < instrument.Bounds.Count ? Number(instrument.Bounds[b]) : "+Inf";
                    Sample(text, name + "_bucket", series.Tags, le, cumulative);
                }

                Sample(text, name + "_sum", series.Tags, null, series.Value);
                Sample(text, name + "_count", series.Tags, null, series.Count);
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The exposition name of an instrument: dots to underscores, the unit spelled out, <c>_total</c> on counters.</summary>
    public static string NameOf(InstrumentSnapshot instrument)
    {
        var name = instrument.Name.Replace('.', '_') + instrument.Unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            _ => "",
        };
        return instrument.Kind == InstrumentKind.Counter ? name + "_total" : name;
    }

    private static void Sample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, object?>> tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var tag in tags)
            {
                Label(text, tag.Key, tag.Value?.ToString() ?? "", ref first);
            }

            if (le is not null)
            {
                Label(text, "le", le, ref first);
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Label(StringBuilder text, string key, string value, ref bool first)
    {
        if (!first)
        {
            text.Append(',');
        }

        first = false;
        text.Append(key).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}

using System.Diagnostics.Metrics;
using Ranking.Contracts;

namespace Ranking.Handlers.Metrics;

/// <summary>
/// How an instrument of <see cref="RankingInstruments"/> is named in CloudWatch's Embedded Metric Format (the names
/// the CDK app alarms on and charts). Each instrument carries its naming as instrument-level tags, so every listener
/// reads it from the instrument itself:
/// <list type="bullet">
/// <item><c>emf.name</c>: the metric's name, or with <c>emf.by</c> the prefix of one metric per value of that tag
/// (<c>Fallback_</c> + <c>reason</c>: <c>Fallback_deadline</c>; <c>Feeds</c> + <c>outcome</c> <c>ranked</c>: <c>FeedsRanked</c>).</item>
/// <item><c>emf.total</c>: with <c>emf.by</c>, also the value under this name (a measurement without the tag writes only it).</item>
/// </list>
/// The <c>surface</c> tag is the <see cref="MetricNames.SurfaceDimension"/> dimension; a measurement without it is per function.
/// </summary>
public sealed class EmfNaming
{
    public const string NameTag = "emf.name";
    public const string ByTag = "emf.by";
    public const string TotalTag = "emf.total";

    private readonly string _name;
    private readonly string? _by;
    private readonly string? _total;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _variants = new(StringComparer.Ordinal);

    private EmfNaming(string name, string? by, string? total)
    {
        _name = name;
        _by = by;
        _total = total;
    }

    /// <summary>The instrument's naming, or null for an instrument that is not written to EMF.</summary>
    public static EmfNaming? Of(Instrument instrument)
    {
        string? name = null, by = null, total = null;
        foreach (var tag in instrument.Tags ?? [])
        {
            switch (tag.Key)
            {
                case NameTag: name = tag.Value as string; break;
                case ByTag: by = tag.Value as string; break;
                case TotalTag: total = tag.Value as string; break;
            }
        }

        return name is null ? null : new EmfNaming(name, by, total);
    }

    /// <summary>The EMF names one measurement is written under (one or two), and its surface or null.</summary>
    public (string? Variant, string? Total, string? Surface) NamesOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? surface = null, value = null;
        foreach (var tag in tags)
        {
            if (tag.Key == RankingInstruments.Surface)
            {
                surface = tag.Value as string;
            }
            else if (_by is not null && tag.Key == _by)
            {
                value = tag.Value as string;
            }
        }

        if (_by is null)
        {
            return (null, _name, surface);
        }

        // Cached: the names are built once per value, not per request.
        var variant = value is null ? null : _variants.GetOrAdd(value, v => _name.EndsWith('_') ? _name + v : _name + char.ToUpperInvariant(v[0]) + v[1..]);
        return (variant, _total, surface);
    }
}

using System.Globalization;

namespace Ranking.Handlers.Impressions;

/// <summary>
/// The share of ranked responses logged per surface, written <c>feed=0.1;search=1</c>; a surface not named logs
/// every response (DESIGN.md's default of 1.0), and <c>feed=0</c> turns the surface's log off.
/// </summary>
public static class LogSampleMap
{
    /// <exception cref="FormatException">The text is malformed or names a surface that is not served; the message says where.</exception>
    public static IReadOnlyDictionary<string, double> Parse(string? text, IEnumerable<string> surfaces)
    {
        var known = surfaces.ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = item.IndexOf('=', StringComparison.Ordinal);
            // "NaN" parses, and no draw is below it: the range test admits no NaN.
            if (at <= 0 || !double.TryParse(item.AsSpan(at + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share is not (>= 0 and <= 1))
            {
                throw new FormatException($"'{item}' is not surface=fraction (fraction from 0 to 1)");
            }

            var surface = item[..at].Trim();
            if (!known.Contains(surface))
            {
                throw new FormatException($"'{item}' names surface '{surface}', which is not served");
            }

            map[surface] = share;
        }

        return map;
    }
}

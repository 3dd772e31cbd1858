using System.Globalization;

namespace Ranking.Training.Datasets;

/// <summary>A duration as people type it on a command line: a whole number and a unit, <c>45s</c>, <c>30m</c>, <c>2h</c>, <c>7d</c>.</summary>
public static class DurationText
{
    /// <exception cref="FormatException">Not a positive whole number followed by s, m, h or d.</exception>
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2
            && long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count > 0
            && count <= 365L * 24 * 3600)
        {
            var seconds = trimmed[^1] switch
            {
                's' => count,
                'm' => count * 60,
                'h' => count * 3600,
                'd' => count * 86_400,
                _ => -1,
            };
            if (seconds > 0 && seconds <= 365L * 86_400)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        throw new FormatException($"'{text}' is not a duration such as 45s, 30m, 2h or 7d (at most a year)");
    }
}

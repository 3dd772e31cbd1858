namespace Ranking.Handlers.Models;

/// <summary>Parses the surface -> model name map, written <c>feed=feed-ltr;search=search-ltr</c>.</summary>
public static class SurfaceMap
{
    /// <exception cref="FormatException">The text is malformed; the message says where.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new FormatException($"'{entry}' is not surface=model");
            }

            if (!Rank.RankRequestReader.IsSurfaceName(parts[0]))
            {
                throw new FormatException($"surface '{parts[0]}' must match [a-z0-9_-]{{1,32}}");
            }

            if (!map.TryAdd(parts[0], parts[1]))
            {
                throw new FormatException($"surface '{parts[0]}' appears twice");
            }
        }

        return map.Count > 0 ? map : throw new FormatException("no surface is configured");
    }
}

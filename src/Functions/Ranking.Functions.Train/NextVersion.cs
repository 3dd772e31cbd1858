using System.Globalization;
using System.Numerics;
using Ranking.Core.Models;

namespace Ranking.Functions.Train;

/// <summary>The version a scheduled run publishes when its event names none: the one after the registry's newest.</summary>
internal static class NextVersion
{
    /// <summary>
    /// "1" for a model with no versions; otherwise the newest (in <see cref="ModelVersionOrder"/>) with its last number
    /// incremented ("12" to "13", "v1.9" to "v1.10"), or with ".1" appended when it ends in no number. Either way the
    /// result sorts after the newest, so the refresh sees it as new.
    /// </summary>
    public static string After(IReadOnlyList<string> versions)
    {
        var newest = versions.Max(ModelVersionOrder.Comparer);
        if (newest is null)
        {
            return "1";
        }

        var end = newest.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(newest[start - 1]))
        {
            start--;
        }

        if (start == end)
        {
            return newest + ".1";
        }

        // BigInteger: a version is text and its number may be longer than a long.
        var next = BigInteger.Parse(newest.AsSpan(start), NumberStyles.None, CultureInfo.InvariantCulture) + 1;
        return string.Concat(newest.AsSpan(0, start), next.ToString(CultureInfo.InvariantCulture));
    }
}

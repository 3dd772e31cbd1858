using System.Globalization;

namespace Ranking.ColdStart;

/// <summary>Command line: <c>[--rounds N] [--warmup N] [--baseline REF]</c>.</summary>
internal sealed class ColdStartOptions
{
    public const string Usage = "usage: Ranking.ColdStart [--rounds N (default 7)] [--warmup N (default 1)] [--baseline GIT-REF (Rank built at that commit too)]";

    /// <summary>Measured rounds per function and build.</summary>
    public int Rounds { get; private init; } = 7;

    /// <summary>
    /// Rounds run first and discarded, per function and build: the first start after a build pays for reading the
    /// files into the page cache, which Lambda's own image cache hides, so it would skew a median of few rounds.
    /// </summary>
    public int Warmup { get; private init; } = 1;

    /// <summary>A commit whose Rank bootstrap is measured beside this one's (e.g. the one before a change), or null.</summary>
    public string? Baseline { get; private init; }

    public static ColdStartOptions Parse(string[] args)
    {
        var rounds = 7;
        var warmup = 1;
        string? baseline = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--rounds":
                    rounds = ParseCount(args[i], value, minimum: 1);
                    break;
                case "--warmup":
                    warmup = ParseCount(args[i], value, minimum: 0);
                    break;
                case "--baseline":
                    baseline = value is { Length: > 0 } ? value : throw new ArgumentException("--baseline needs a git ref");
                    break;
                default:
                    throw new ArgumentException("unknown argument '" + args[i] + "'");
            }
        }

        return new ColdStartOptions { Rounds = rounds, Warmup = warmup, Baseline = baseline };
    }

    private static int ParseCount(string name, string? value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum
            ? count
            : throw new ArgumentException(name + " needs an integer >= " + minimum.ToString(CultureInfo.InvariantCulture) + ", got '" + value + "'");
}

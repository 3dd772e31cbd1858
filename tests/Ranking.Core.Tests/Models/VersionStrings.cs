using FsCheck;
using FsCheck.Fluent;

namespace Ranking.Core.Tests.Models;

/// <summary>
/// Version-like strings built from pieces that stress a natural order: digit runs with and without leading zeros
/// (some longer than any integer type), separators, letters, DEL, characters beyond ASCII, a surrogate pair and
/// lone surrogates. Few pieces, so prefixes, ties and equal numbers occur often.
/// </summary>
public static class VersionStrings
{
    private static readonly string[] s_pieces =
    [
        "0", "00", "1", "01", "2", "9", "10", "010", "99", "100", "18446744073709551616",
        ".", "-", "_", "v", "V", "a", "rc", " ", "~", "\0", "\u007F", "é", "\uFFFF", "😀", "\uD800", "\uDC00",
    ];

    public static Arbitrary<string> Versions() => Arb.From(
        Gen.Frequency(
                (4, Gen.Elements(s_pieces)),
                (1, Gen.Choose(0, 9).ArrayOf().Select(digits => string.Concat(digits))))
            .ArrayOf()
            .Select(pieces => string.Concat(pieces.Take(6))));
}

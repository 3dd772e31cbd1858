using System.Globalization;
using System.Text;

namespace Ranking.Core.Models;

/// <summary>
/// The one order of model versions: "natural" order, in which every run of ASCII digits compares as a number of
/// any length (<c>2 &lt; 10</c>, <c>v9 &lt; v10</c>, <c>1.9 &lt; 1.10</c>) and everything else compares by
/// code point. A digit run compares with a non-digit as the digit characters would (<c>1 &lt; a</c>, <c>1 &gt; .</c>),
/// and a version that is a prefix of another comes first (<c>1 &lt; 1.0</c>).
/// </summary>
/// <remarks>
/// It is a total order: two versions compare equal only when they are the same string. Numbers that are equal
/// apart from leading zeros are told apart by the count of zeros, fewer first (<c>1 &lt; 01</c>), so a sort is
/// deterministic. <see cref="SortKey"/> turns a version into a string whose ordinal order is this order, for
/// stores whose conditions can compare strings but cannot call this code.
/// </remarks>
public static class ModelVersionOrder
{
    // Characters at or above DEL are written to a sort key as an escape: the key stays ASCII, so UTF-16 order
    // (.NET, dynalite's JavaScript) and UTF-8 byte order (DynamoDB) agree on it.
    private const char Escape = '\u007F';

    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    /// <summary>Negative when <paramref name="a"/> is older than <paramref name="b"/>; null is older than any version.</summary>
    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Token.Read(a, ref i);
            var y = Token.Read(b, ref j);
            var order = Token.Compare(a, x, b, y);
            if (order != 0)
            {
                return order;
            }
        }

        return (i < a.Length).CompareTo(j < b.Length);
    }

    /// <summary>
    /// The version a publisher takes when none is given: "1" when there is none yet; otherwise the newest with its
    /// last number incremented ("12" to "13", "v1.9" to "v1.10"), or with ".1" appended when it ends in no number.
    /// Either way it sorts after the newest, so a refresh sees it as new.
    /// </summary>
    public static string Next(IEnumerable<string> versions)
    {
        var newest = versions.Max(Comparer);
        if (newest is null)
        {
            return "1";
        }

        var start = newest.Length;
        while (start > 0 && char.IsAsciiDigit(newest[start - 1]))
        {
            start--;
        }

        if (start == newest.Length)
        {
            return newest + ".1";
        }

        // A version is text: its number may be longer than any integer type.
        var next = System.Numerics.BigInteger.Parse(newest.AsSpan(start), NumberStyles.None, CultureInfo.InvariantCulture) + 1;
        return string.Concat(newest.AsSpan(0, start), next.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A string whose ordinal (and UTF-8 byte) order is <see cref="Compare"/>'s order, and equal only for the same
    /// version. Each digit run becomes its length, its significant digits and its count of leading zeros, each
    /// length written after a digit that says how many digits the length has; other characters stay as they are
    /// below DEL and become DEL plus six hex digits of the code point from DEL up.
    /// </summary>
    public static string SortKey(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var key = new StringBuilder(version.Length * 2);
        var i = 0;
        while (i < version.Length)
        {
            var token = Token.Read(version, ref i);
            if (token.IsNumber)
            {
                AppendCount(key, token.Digits);
                key.Append(version, token.Start, token.Digits);
                AppendCount(key, token.Zeros);
            }
            else if (token.CodePoint < Escape)
            {
                key.Append((char)token.CodePoint);
            }
            else
            {
                key.Append(Escape).Append(token.CodePoint.ToString("X6", CultureInfo.InvariantCulture));
            }
        }

        return key.ToString();
    }

    // A count (at most int.MaxValue, ten digits) as '0' + (its digit count - 1), then its digits: the first character
    // orders counts of different lengths, and it lies in the digit range, so a number still compares with a
    // non-digit character in the key as its digits do in the version.
    private static void AppendCount(StringBuilder key, int count)
    {
        var digits = count.ToString(CultureInfo.InvariantCulture);
        key.Append((char)('0' + digits.Length - 1)).Append(digits);
    }

    /// <summary>A run of ASCII digits (its significant digits from <see cref="Start"/>) or one code point.</summary>
    private readonly record struct Token(bool IsNumber, int Start, int Digits, int Zeros, int CodePoint)
    {
        public static Token Read(string s, ref int i)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                var zeros = 0;
                while (i < s.Length && s[i] == '0')
                {
                    zeros++;
                    i++;
                }

                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                return new Token(true, start, i - start, zeros, 0);
            }

            // A lone surrogate stands for itself: versions are compared as written, even when not valid UTF-16.
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i += 2;
                return new Token(false, 0, 0, 0, char.ConvertToUtf32(s[i - 2], s[i - 1]));
            }

            return new Token(false, 0, 0, 0, s[i++]);
        }

        public static int Compare(string a, Token x, string b, Token y)
        {
            if (x.IsNumber && y.IsNumber)
            {
                var order = x.Digits.CompareTo(y.Digits);
                if (order == 0)
                {
                    order = a.AsSpan(x.Start, x.Digits).SequenceCompareTo(b.AsSpan(y.Start, y.Digits));
                }

                return order != 0 ? Math.Sign(order) : x.Zeros.CompareTo(y.Zeros);
            }

            // A number against a non-digit compares as any digit character would: above '.', below 'a'.
            if (x.IsNumber)
            {
                return y.CodePoint < '0' ? 1 : -1;
            }

            if (y.IsNumber)
            {
                return x.CodePoint < '0' ? -1 : 1;
            }

            return x.CodePoint.CompareTo(y.CodePoint);
        }
    }
}

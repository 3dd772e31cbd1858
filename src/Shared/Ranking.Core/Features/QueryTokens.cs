namespace Ranking.Core.Features;

/// <summary>
/// A query split into distinct words (letters and digits), compared with titles ignoring case.
/// Built once per request so that matching a title allocates nothing.
/// </summary>
internal sealed class QueryTokens
{
    /// <summary>A bit per token tracks which ones a title matched; more tokens than bits are ignored.</summary>
    internal const int MaxTokens = 64;

    private readonly string[] _tokens;

    private QueryTokens(string[] tokens) => _tokens = tokens;

    public static QueryTokens Empty { get; } = new([]);

    public int Count => _tokens.Length;

    public static QueryTokens Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return Empty;
        }

        var tokens = new List<string>();
        var rest = query.AsSpan();
        while (tokens.Count < MaxTokens && NextWord(ref rest, out var word))
        {
            if (!Contains(tokens, word))
            {
                tokens.Add(word.ToString());
            }
        }

        return new QueryTokens([.. tokens]);
    }

    /// <summary>The share of query tokens that appear as whole words in <paramref name="title"/>.</summary>
    public float MatchShare(string title)
    {
        if (_tokens.Length == 0)
        {
            return 0f;
        }

        ulong matched = 0;
        var rest = title.AsSpan();
        while (NextWord(ref rest, out var word))
        {
            for (var t = 0; t < _tokens.Length; t++)
            {
                if (word.Equals(_tokens[t], StringComparison.OrdinalIgnoreCase))
                {
                    matched |= 1UL << t;
                }
            }
        }

        return (float)ulong.PopCount(matched) / _tokens.Length;
    }

    private static bool Contains(List<string> tokens, ReadOnlySpan<char> word)
    {
        foreach (var token in tokens)
        {
            if (word.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NextWord(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> word)
    {
        var start = 0;
        while (start < text.Length && !char.IsLetterOrDigit(text[start]))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }

        word = text[start..end];
        text = text[end..];
        return !word.IsEmpty;
    }
}

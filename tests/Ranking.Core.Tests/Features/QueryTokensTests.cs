using Ranking.Core.Features;

namespace Ranking.Core.Tests.Features;

public sealed class QueryTokensTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?! -- ...")]
    public void Parse_WithNoWords_HasNoTokensAndMatchesNothing(string? query)
    {
        var tokens = QueryTokens.Parse(query);

        Assert.Equal(0, tokens.Count);
        Assert.Equal(0f, tokens.MatchShare("levis 501 jeans"));
    }

    [Fact]
    public void Parse_SplitsOnEverythingButLettersAndDigits()
    {
        var tokens = QueryTokens.Parse("levi's 501/jeans, size-M");

        // levi, s, 501, jeans, size, m
        Assert.Equal(6, tokens.Count);
        Assert.Equal(1f, tokens.MatchShare("Size M jeans (Levi S 501)"));
    }

    [Fact]
    public void Parse_WithRepeatedWordsInAnyCase_KeepsOneToken()
    {
        Assert.Equal(1, QueryTokens.Parse("Jeans jeans JEANS").Count);
    }

    [Fact]
    public void MatchShare_IgnoresCase()
    {
        Assert.Equal(1f, QueryTokens.Parse("ZARA Dress").MatchShare("zara dress"));
    }

    [Fact]
    public void MatchShare_CountsWholeWordsOnly()
    {
        // "dress" is not a word of "Dresses", nor "red" of "redwood".
        Assert.Equal(0f, QueryTokens.Parse("red dress").MatchShare("Redwood Dresses"));
    }

    [Fact]
    public void MatchShare_CountsATokenOnceHoweverOftenTheTitleRepeatsIt()
    {
        Assert.Equal(0.5f, QueryTokens.Parse("red dress").MatchShare("red red red"));
    }

    [Fact]
    public void MatchShare_WithAnEmptyTitle_IsZero()
    {
        Assert.Equal(0f, QueryTokens.Parse("jeans").MatchShare(""));
    }

    [Theory]
    [InlineData("café", "CAFÉ crème")]
    [InlineData("рубашка", "Рубашка льняная")]
    [InlineData("ジーンズ", "ジーンズ 501")]
    public void MatchShare_WithNonAsciiLetters_MatchesThemAsWords(string query, string title)
    {
        Assert.Equal(1f, QueryTokens.Parse(query).MatchShare(title));
    }

    [Fact]
    public void Parse_WithAnEmoji_TreatsItAsASeparator()
    {
        var tokens = QueryTokens.Parse("\U0001F456jeans");

        Assert.Equal(1, tokens.Count);
        Assert.Equal(1f, tokens.MatchShare("jeans"));
    }

    [Fact]
    public void Parse_WithMoreWordsThanTheLimit_KeepsTheFirstOnes()
    {
        var words = Enumerable.Range(0, QueryTokens.MaxTokens + 6).Select(i => $"w{i}").ToArray();

        var tokens = QueryTokens.Parse(string.Join(' ', words));

        Assert.Equal(QueryTokens.MaxTokens, tokens.Count);
        Assert.Equal(1f / QueryTokens.MaxTokens, tokens.MatchShare(words[QueryTokens.MaxTokens - 1]));
        Assert.Equal(0f, tokens.MatchShare(words[QueryTokens.MaxTokens]));
    }
}

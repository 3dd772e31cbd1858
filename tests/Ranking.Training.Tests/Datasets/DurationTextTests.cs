using Ranking.Training.Datasets;

namespace Ranking.Training.Tests.Datasets;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("45s", 45)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86_400)]
    [InlineData("365d", 365 * 86_400)]
    public void Parse_NumberAndUnit_GivesTheDuration(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));
    }

    [Theory]
    [InlineData("30x")]
    [InlineData("30")]
    [InlineData("m")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("366d")]
    [InlineData("")]
    public void Parse_AnythingElse_IsAFormatError(string text)
    {
        var error = Assert.Throws<FormatException>(() => DurationText.Parse(text));

        Assert.Equal($"'{text}' is not a duration such as 45s, 30m, 2h or 7d (at most a year)", error.Message);
    }
}

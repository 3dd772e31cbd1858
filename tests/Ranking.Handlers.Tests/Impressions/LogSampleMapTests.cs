using Ranking.Handlers.Impressions;

namespace Ranking.Handlers.Tests.Impressions;

public sealed class LogSampleMapTests
{
    private static readonly string[] s_surfaces = ["feed", "search"];

    [Fact]
    public void Parse_WithShares_MapsEachSurface()
    {
        var map = LogSampleMap.Parse("feed=0.25; search=0", s_surfaces);

        Assert.Equal(0.25, map["feed"]);
        Assert.Equal(0, map["search"]);
    }

    [Fact]
    public void Parse_WithNothing_LeavesEverySurfaceAtItsDefault() => Assert.Empty(LogSampleMap.Parse(null, s_surfaces));

    [Theory]
    [InlineData("feed", "is not surface=fraction")]
    [InlineData("feed=1.5", "is not surface=fraction")]
    [InlineData("feed=NaN", "is not surface=fraction")]
    [InlineData("=0.5", "is not surface=fraction")]
    [InlineData("home=0.5", "names surface 'home', which is not served")]
    public void Parse_WithABadEntry_NamesIt(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => LogSampleMap.Parse(text, s_surfaces)).Message, StringComparison.Ordinal);
}

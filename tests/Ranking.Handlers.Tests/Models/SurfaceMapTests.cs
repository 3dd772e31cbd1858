using Ranking.Handlers.Models;

namespace Ranking.Handlers.Tests.Models;

public sealed class SurfaceMapTests
{
    [Fact]
    public void Parse_WithSeveralSurfaces_MapsEachToItsModel()
    {
        var map = SurfaceMap.Parse(" feed = feed-ltr ;search=search-ltr;home_2=feed-ltr; ");

        Assert.Equal(3, map.Count);
        Assert.Equal("feed-ltr", map["feed"]);
        Assert.Equal("search-ltr", map["search"]);
        Assert.Equal("feed-ltr", map["home_2"]);
    }

    [Fact]
    public void Parse_IsCaseSensitiveAboutModelNames()
    {
        Assert.Equal("Feed-LTR", SurfaceMap.Parse("feed=Feed-LTR")["feed"]);
    }

    [Theory]
    [InlineData("feed", "'feed' is not surface=model")]
    [InlineData("feed=", "'feed=' is not surface=model")]
    [InlineData("=feed-ltr", "'=feed-ltr' is not surface=model")]
    [InlineData("feed=a=b", "'feed=a=b' is not surface=model")]
    [InlineData("Feed=feed-ltr", "surface 'Feed' must match [a-z0-9_-]{1,32}")]
    [InlineData("feed.v2=feed-ltr", "surface 'feed.v2' must match")]
    [InlineData("feed=feed-ltr;feed=search-ltr", "surface 'feed' appears twice")]
    [InlineData("", "no surface is configured")]
    [InlineData(" ; ;", "no surface is configured")]
    public void Parse_WithBadText_ThrowsNamingTheProblem(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => SurfaceMap.Parse(text));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithASurfaceNameOfThirtyThreeCharacters_RejectsIt()
    {
        var name = new string('s', 33);

        Assert.Throws<FormatException>(() => SurfaceMap.Parse($"{name}=feed-ltr"));
        Assert.Equal("feed-ltr", SurfaceMap.Parse($"{name[..32]}=feed-ltr")[name[..32]]);
    }
}

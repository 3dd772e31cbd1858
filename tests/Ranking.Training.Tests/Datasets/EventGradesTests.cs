using Ranking.Training.Datasets;

namespace Ranking.Training.Tests.Datasets;

public sealed class EventGradesTests
{
    [Fact]
    public void Default_IsDesignsGrades()
    {
        Assert.Equal("view=0,click=1,like=1,add_to_cart=2,purchase=3", EventGrades.Default.ToString());
    }

    [Fact]
    public void Parse_GradesTheTypesNamedAndZeroesTheRest()
    {
        var grades = EventGrades.Parse("purchase=3, add_to_cart=2,click=1");

        Assert.Equal([0, 1, 0, 2, 3], grades.Values);
        Assert.Equal(0, grades["like"]);
    }

    [Theory]
    [InlineData("click=a", "the grade in 'click=a' is not a whole number from 0 to 30")]
    [InlineData("click=-1", "the grade in 'click=-1' is not a whole number from 0 to 30")]
    [InlineData("click=31", "the grade in 'click=31' is not a whole number from 0 to 30")]
    [InlineData("click", "'click' is not type=grade")]
    [InlineData("buy=3", "'buy' is not an event type (view, click, like, add_to_cart, purchase)")]
    [InlineData("click=1,click=2", "'click' is given twice")]
    [InlineData("", "'' is not type=grade")]
    public void Parse_BadText_SaysWhatIsWrong(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => EventGrades.Parse(text));

        Assert.Equal(message, error.Message);
    }
}

using System.Text;
using Ranking.Training.Datasets;

namespace Ranking.Training.Tests.Datasets;

public sealed class ImpressionLineTests
{
    private const string Good = """{"log":"impression","impressionId":"r_1","time":"2026-12-02T10:00:00.1234567Z","surface":"feed","userId":null,"query":"levis","context":{"n":1},"model":{"name":"feed-ltr","version":"7"},"fallback":null,"experiment":{"id":"x","variant":"B"},"features":["price","likes"],"items":[{"itemId":"i_9","position":1,"score":1.93,"team":"B","values":[25,null]}],"part":0,"parts":1}""";

    [Fact]
    public void Check_WriterShapedRecord_PassesWithItsFacts()
    {
        var problem = ImpressionLine.Check(Encoding.UTF8.GetBytes(Good), out var facts);

        Assert.Null(problem);
        Assert.Equal("r_1", facts.ImpressionId);
        Assert.Equal("feed", Encoding.UTF8.GetString(facts.Surface));
        Assert.Equal("[\"price\",\"likes\"]", Encoding.UTF8.GetString(facts.Features));
        Assert.Equal((2, 1, 0, 1), (facts.FeatureCount, facts.ItemCount, facts.Part, facts.Parts));
    }

    [Theory]
    [InlineData("\"log\":\"impression\"", "\"log\":\"event\"", "log must be \"impression\"")]
    [InlineData("\"impressionId\":\"r_1\",", "", "impressionId is missing")]
    [InlineData("\"impressionId\":\"r_1\"", "\"impressionId\":\"\"", "impressionId must be a non-empty string")]
    [InlineData("\"time\":\"2026-12-02T10:00:00.1234567Z\"", "\"time\":\"2026-12-02T10:00:00\"", "time must be an ISO 8601 time with its offset (Z or +hh:mm)")]
    [InlineData("\"time\":\"2026-12-02T10:00:00.1234567Z\"", "\"time\":1764669600", "time must be an ISO 8601 time")]
    [InlineData("\"userId\":null", "\"userId\":7", "userId must be a string or null")]
    [InlineData("\"version\":\"7\"", "\"version\":7", "model.version must be a string")]
    [InlineData("[\"price\",\"likes\"]", "[\"price\",3]", "features must be an array of names")]
    [InlineData("\"position\":1", "\"position\":0", "items[0].position must be a whole number >= 1")]
    [InlineData("\"position\":1", "\"position\":1.5", "items[0].position must be a whole number >= 1")]
    [InlineData("\"itemId\":\"i_9\",", "", "items[0].itemId is missing")]
    [InlineData("\"score\":1.93", "\"score\":\"high\"", "items[0].score must be a finite number or null")]
    [InlineData("[25,null]", "[25,\"x\"]", "items[0].values[1] must be a finite number or null")]
    [InlineData("[25,null]", "[25,null,3]", "items[0].values has 3 values for 2 features")]
    [InlineData("\"part\":0", "\"part\":1", "part must be less than parts")]
    [InlineData("\"parts\":1", "\"parts\":0", "parts must be a whole number >= 1")]
    [InlineData("\"parts\":1}", "\"parts\":1", "not JSON")]
    [InlineData("\"parts\":1}", "\"parts\":1}}", "not JSON")]
    public void Check_BrokenField_NamesIt(string field, string replacement, string problem)
    {
        Assert.Contains(field, Good, StringComparison.Ordinal);
        var line = Good.Replace(field, replacement, StringComparison.Ordinal);

        Assert.Equal(problem, ImpressionLine.Check(Encoding.UTF8.GetBytes(line), out _));
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    public void Check_NotAnObject_SaysSo(string line, string problem)
    {
        Assert.Equal(problem, ImpressionLine.Check(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void Check_FallbackWithoutFeatures_PassesWithItemsWithoutValues()
    {
        const string Fallback = """{"log":"impression","impressionId":"r_1","time":"2026-12-02T10:00:00Z","surface":"feed","model":null,"fallback":{"reason":"deadline"},"features":[],"items":[{"itemId":"i_1","position":1},{"itemId":"i_2","position":2,"values":[]}],"part":0,"parts":1}""";

        Assert.Null(ImpressionLine.Check(Encoding.UTF8.GetBytes(Fallback), out var facts));
        Assert.Equal(0, facts.FeatureCount);
    }
}

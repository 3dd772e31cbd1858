using Ranking.Training.Data;

namespace Ranking.Training.Tests.Data;

public sealed class SvmLightReaderTests
{
    [Fact]
    public void Reader_WithQid_GroupsContiguousRowsAndDensifies()
    {
        var data = Read("""
            2 qid:7 1:0.5 3:1.25
            0 qid:7 2:-1
            1 qid:9 3:4e-1
            """);

        var set = data.Dataset;
        Assert.Equal(["f1", "f2", "f3"], set.FeatureNames);
        Assert.Equal([2f, 0f, 1f], set.Labels);
        Assert.Equal([2, 1], set.GroupSizes);
        Assert.Equal(["7", "9"], set.QueryIds);
        Assert.Equal([0.5f, 0f, 1.25f, 0f, -1f, 0f, 0f, 0f, 0.4f], set.Features);
        Assert.Equal(0, data.IgnoredValues);
    }

    [Fact]
    public void Reader_WithCommentAndBlankLines_SkipsThem()
    {
        var data = Read("""
            # a header comment

            1 qid:1 1:1 # trailing comment 5:5
               
            0 qid:1 1:2
            """);

        Assert.Equal(2, data.Dataset.RowCount);
        Assert.Equal(1, data.Dataset.FeatureCount);
        Assert.Equal([1f, 2f], data.Dataset.Features);
    }

    [Fact]
    public void Reader_WithoutQid_TakesGroupSizesFromSidecar()
    {
        var data = SvmLightReader.Read(
            new StringReader("1 1:1\n0 2:1\n0 1:3\n"), "rank.train", new StringReader("2\n1\n"), "rank.train.query");

        Assert.Equal([2, 1], data.Dataset.GroupSizes);
        Assert.Equal(["1", "2"], data.Dataset.QueryIds);
    }

    [Fact]
    public void Reader_WithoutQidOrSidecar_FailsNamingTheSidecar()
    {
        var error = Assert.Throws<SvmLightFormatException>(() => SvmLightReader.Read(new StringReader("1 1:1\n"), "rank.train", null, "rank.train.query"));

        Assert.Contains("rank.train.query", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_SidecarNotMatchingRowCount_Fails()
    {
        var error = Assert.Throws<SvmLightFormatException>(() =>
            SvmLightReader.Read(new StringReader("1 1:1\n0 1:2\n"), "a.txt", new StringReader("3\n"), "a.txt.query"));

        Assert.Equal("a.txt.query: group sizes add up to 3 rows but a.txt has 2.", error.Message);
    }

    [Fact]
    public void Reader_WithFeatureCount_IgnoresAndCountsLargerIds()
    {
        var data = SvmLightReader.Read(new StringReader("1 qid:1 1:1 2:2 5:5 9:9\n"), "x", null, null, featureCount: 2);

        Assert.Equal(2, data.Dataset.FeatureCount);
        Assert.Equal([1f, 2f], data.Dataset.Features);
        Assert.Equal(2, data.IgnoredValues);
    }

    [Theory]
    [InlineData("1 qid:1 x:0.5", "rank.train:2: feature id 'x' is not a positive integer")]
    [InlineData("1 qid:1 0:0.5", "rank.train:2: feature id '0' is not a positive integer")]
    [InlineData("1 qid:1 3:abc", "rank.train:2: value 'abc' of feature 3 is not a finite number")]
    [InlineData("1 qid:1 3:NaN", "rank.train:2: value 'NaN' of feature 3 is not a finite number")]
    [InlineData("good qid:1 3:1", "rank.train:2: label 'good' is not a number")]
    [InlineData("1 qid:1 3", "rank.train:2: '3' is not id:value")]
    [InlineData("1 3:1", "rank.train:2: row has no qid but earlier rows do")]
    public void Reader_MalformedLine_FailsNamingFileLineAndReason(string badLine, string message)
    {
        var error = Assert.Throws<SvmLightFormatException>(() => Read($"0 qid:1 1:1\n{badLine}\n"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Reader_QueryRowsNotContiguous_Fails()
    {
        var error = Assert.Throws<SvmLightFormatException>(() => Read("0 qid:1 1:1\n0 qid:2 1:1\n\n1 qid:1 1:1\n"));

        Assert.Equal("rank.train:4: rows of qid 1 are not contiguous (it started at line 1)", error.Message);
    }

    [Fact]
    public void Reader_EmptyInput_Fails()
    {
        Assert.Throws<SvmLightFormatException>(() => Read("# nothing\n\n"));
    }

    [Fact]
    public void Reader_SharedSampleWithSidecar_MatchesTheQidVersion()
    {
        var plain = SvmLightReader.Read(SharedData.File("rank.train")).Dataset;
        var withQid = SvmLightReader.Read(SharedData.File("rank.train.with_qid.txt")).Dataset;

        Assert.Equal(3005, plain.RowCount);
        Assert.Equal(201, plain.QueryCount);
        Assert.Equal(withQid.GroupSizes, plain.GroupSizes);
        Assert.Equal(withQid.Features, plain.Features);
        Assert.Equal(withQid.Labels, plain.Labels);
    }

    private static SvmLightData Read(string text) => SvmLightReader.Read(new StringReader(text), "rank.train", null, null);
}

using Ranking.Core.Features;
using Ranking.Training.Data;

namespace Ranking.Training.Tests.Data;

public sealed class SvmLightFeaturesTests
{
    private static readonly IReadOnlyList<FeatureSpec> s_two = SvmLightFeatures.Specs(["price", "likes"]);

    [Fact]
    public void Named_SameWidth_KeepsTheValuesUnderTheFilesNames()
    {
        var data = Read("1 qid:1 1:0.5 2:3\n0 qid:1 2:1\n");

        var named = SvmLightFeatures.Named(data, s_two, "d.txt");

        Assert.Equal(["price", "likes"], named.FeatureNames);
        Assert.Equal(data.Features, named.Features);
        Assert.Equal(data.Labels, named.Labels);
    }

    [Fact]
    public void Named_DataNarrowerThanTheFile_FailsNamingTheFeatureWithoutValues()
    {
        var data = Read("1 qid:1 1:0.5\n0 qid:1 1:1\n");

        var error = Assert.Throws<InvalidDataException>(() => SvmLightFeatures.Named(data, s_two, "d.txt"));

        Assert.Equal("features[1] ('likes'): d.txt has no values for its column f2 (its largest feature id is 1).", error.Message);
    }

    [Fact]
    public void Named_DataWiderThanTheFile_FailsNamingTheUnnamedColumn()
    {
        var data = Read("1 qid:1 1:0.5 3:1\n0 qid:1 1:1\n");

        var error = Assert.Throws<InvalidDataException>(() => SvmLightFeatures.Named(data, s_two, "d.txt"));

        Assert.Equal("d.txt has values for feature ids up to 3, and the feature file names 2: column f3 has no name.", error.Message);
    }

    private static RankingDataset Read(string text) => SvmLightReader.Read(new StringReader(text), "d.txt", null, null).Dataset;
}

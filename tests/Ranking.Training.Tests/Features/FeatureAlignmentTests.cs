using Ranking.Core.Features;
using Ranking.Training.Features;

namespace Ranking.Training.Tests.Features;

public sealed class FeatureAlignmentTests
{
    private static readonly FeatureSpec[] s_model =
    [
        new() { Name = "price", Source = FeatureSource.Item, Field = "price" },
        new() { Name = "likes", Source = FeatureSource.Item, Field = "likes" },
    ];

    [Fact]
    public void Problem_SameNamesInOrder_IsNull() => Assert.Null(FeatureAlignment.Problem(["price", "likes"], s_model));

    [Fact]
    public void Problem_SvmLightColumns_NamesTheFirstDifference() =>
        Assert.Equal("feature 1 is 'f1' in the data but 'price' in the model", FeatureAlignment.Problem(["f1", "f2"], s_model));

    [Fact]
    public void Problem_SameNamesInAnotherOrder_NamesTheFirstDifference() =>
        Assert.Equal("feature 1 is 'likes' in the data but 'price' in the model", FeatureAlignment.Problem(["likes", "price"], s_model));

    [Fact]
    public void Problem_DataShort_NamesTheModelsFeatureItLacks() =>
        Assert.Equal("the data has 1 features and the model 2: the data has no 'likes' (feature 2)", FeatureAlignment.Problem(["price"], s_model));

    [Fact]
    public void Problem_DataWide_NamesTheDatasFeatureTheModelLacks() =>
        Assert.Equal("the data has 3 features and the model 2: the model has no 'views' (feature 3)", FeatureAlignment.Problem(["price", "likes", "views"], s_model));
}

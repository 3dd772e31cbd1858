using Ranking.Infra.Configuration;
using Ranking.Infra.Training;

namespace Ranking.Infra.Tests.Training;

public sealed class DatasetQueryTests
{
    [Fact]
    public void Fold_DropsCommentsAndFoldsWhitespace_ButNotInsideLiteralsOrQuotedNames()
    {
        const string Sql = """
            -- a header with a ? in it
            SELECT '--  kept', "a -- b"   -- gone
            FROM t
            WHERE x = ?;
            """;

        Assert.Equal("SELECT '--  kept', \"a -- b\" FROM t WHERE x = ?", DatasetQuery.Fold(Sql));
    }

    [Fact]
    public void Intrinsic_EscapesTheCharactersStepFunctionsReserves()
    {
        Assert.Equal("a \\'b\\' \\{\\} \\\\ \"c\"", DatasetQuery.Intrinsic("a 'b' {} \\ \"c\""));
    }

    [Fact]
    public void UnloadTemplate_LeavesOnePlaceholder_TheFolder()
    {
        var template = DatasetQuery.UnloadTemplate("SELECT '{x}'");

        Assert.Equal("UNLOAD (SELECT \\'\\{x\\}\\') TO \\'{}\\' WITH (format = \\'PARQUET\\', compression = \\'SNAPPY\\')", template);
    }

    [Fact]
    public void Features_OfASurfaceWithoutAFeatureFile_FailSynthNamingIt()
    {
        var error = Assert.Throws<InfraConfigurationException>(() => DatasetQuery.Features("shop"));

        Assert.Contains("samples/features/shop.json", error.Message, StringComparison.Ordinal);
    }
}

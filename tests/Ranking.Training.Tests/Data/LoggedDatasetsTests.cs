using Ranking.Testing.Datasets;
using Ranking.Training.Data;
using Ranking.Training.Marketplace;

namespace Ranking.Training.Tests.Data;

/// <summary>Reading the labelled dataset of <c>dataset build</c>: groups per impression, oldest first, logged values as they are.</summary>
public sealed class LoggedDatasetsTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_features = [.. MarketplaceFeatures.For("feed").Select(f => f.Name)];

    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-logged-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_SplitsImpressionsByTime_OldestTrain_NewestHeldOut()
    {
        // Written newest first: the reader orders by time, not by file order.
        var path = Write("feed.parquet", Impressions(20, itemsPerImpression: 3).Reverse());

        var split = LoggedDatasets.Load(path, null, null);

        Assert.Equal("feed", split.Surface);
        Assert.Equal((16, 2, 2), (split.Train.QueryCount, split.Valid.QueryCount, split.Holdout.QueryCount));
        Assert.Equal(Enumerable.Range(0, 16).Select(Id), split.Train.QueryIds);
        Assert.Equal([Id(18), Id(19)], split.Holdout.QueryIds);
        Assert.All(split.Train.GroupSizes, size => Assert.Equal(3, size));
        Assert.Equal([1, 2, 3], split.Holdout.Positions![..3].Order());
        Assert.Equal(s_features, split.Train.FeatureNames);
    }

    [Fact]
    public void Read_KeepsTheLoggedValues_NullsAsNaN_AndLabels()
    {
        var path = Write("feed.parquet", Impressions(1, itemsPerImpression: 2, nullAt: 4));

        var data = LoggedDatasets.Read(path, "feed", null).Dataset;

        Assert.Equal(2, data.RowCount);
        var top = Array.IndexOf(data.Positions!, 1);
        var second = Array.IndexOf(data.Positions!, 2);
        Assert.Equal(Value(0, 1, 0), data.Features[top * data.FeatureCount]);
        Assert.Equal(Value(0, 2, 13), data.Features[second * data.FeatureCount + 13]);
        Assert.True(float.IsNaN(data.Features[top * data.FeatureCount + 4]));
        Assert.Equal((1f, 0f), (data.Labels[top], data.Labels[second]));
    }

    [Fact]
    public void Read_ShufflesEachGroupOutOfItsShownOrder_TheSameWayEveryTime()
    {
        var path = Write("feed.parquet", Impressions(30, itemsPerImpression: 8));

        var first = LoggedDatasets.Read(path, "feed", null).Dataset;
        var again = LoggedDatasets.Read(path, "feed", null).Dataset;

        // Ties in a model's scores are broken by row order: in shown order they would inherit the old ranking's clicks.
        Assert.NotEqual(Enumerable.Range(0, 30).SelectMany(_ => Enumerable.Range(1, 8)), first.Positions!);
        Assert.Equal(first.Positions, again.Positions);
        for (var row = 0; row < first.RowCount; row++)
        {
            var impression = row / 8;
            Assert.Equal(Value(impression, first.Positions![row], 0), first.Features[row * first.FeatureCount]);
            Assert.Equal(first.Positions[row] == 1 ? 1f : 0f, first.Labels[row]);
        }
    }

    [Fact]
    public void Read_ColumnsInLowerCase_AsAthenaUnloadsThem_ReadsTheSameRows()
    {
        var rows = Impressions(2, itemsPerImpression: 2).ToList();
        var camel = Write("camel.parquet", rows);
        var lower = Path.Combine(_directory, "lower.parquet");
        LoggedParquet.Write(lower, s_features, rows, lowerCaseColumns: true);

        var expected = LoggedDatasets.Read(camel, null, null).Dataset;
        var actual = LoggedDatasets.Read(lower, null, null).Dataset;

        Assert.Equal(expected.QueryIds, actual.QueryIds);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.Positions, actual.Positions);
    }

    [Fact]
    public void Read_AFolder_ReadsEveryParquetFileInIt()
    {
        Write(Path.Combine("days", "a.parquet"), Impressions(3, 2));
        Write(Path.Combine("days", "b.parquet"), Impressions(3, 2, first: 3));

        var data = LoggedDatasets.Read(Path.Combine(_directory, "days"), null, null).Dataset;

        Assert.Equal(Enumerable.Range(0, 6).Select(Id), data.QueryIds);
    }

    [Fact]
    public void Read_WithAFeatureTheDataLacks_NamesIt()
    {
        var path = Write("feed.parquet", Impressions(3, 2));

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Read(path, "search", null));

        Assert.Contains("no column for feature(s) 'text_match'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--features FILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoSurfacesWithoutOneChosen_AsksForSurface()
    {
        var path = Write("both.parquet", Impressions(2, 2).Concat(Impressions(2, 2, first: 2, surface: "search")));

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Read(path, null, null));

        Assert.Equal("both.parquet holds the surfaces feed, search: choose one with --surface.", error.Message);
    }

    [Theory]
    [InlineData("missing.parquet", "no such file or folder")]
    [InlineData("empty-folder", "the folder holds no .parquet file")]
    [InlineData("not-parquet.parquet", "not readable as Parquet")]
    public void Read_WithoutReadableData_SaysWhy(string name, string message)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty-folder"));
        File.WriteAllText(Path.Combine(_directory, "not-parquet.parquet"), "impressionId,label\n");

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Read(Path.Combine(_directory, name), null, null));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithoutAPositiveLabelInTheNewestImpressions_SaysTheHoldoutMeasuresNothing()
    {
        var path = Write("feed.parquet", Impressions(20, itemsPerImpression: 3).Select(r => r.ImpressionId.CompareTo(Id(18)) >= 0 ? r with { Label = 0 } : r));

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Load(path, null, null));

        Assert.StartsWith("feed.parquet: the holdout split (2 of 20 impressions, split by time) has no item with a positive label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AFolderMixingFeatureLists_NamesTheFileThatLacksAFeature()
    {
        Write(Path.Combine("mixed", "a.parquet"), Impressions(3, 2));
        var narrow = Path.Combine(_directory, "mixed", "b.parquet");
        LoggedParquet.Write(narrow, ["price", "likes"], Impressions(2, 2, first: 3).Select(r => r with { Values = r.Values[..2] }));

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Read(Path.Combine(_directory, "mixed"), "feed", null));

        Assert.StartsWith($"{narrow} has no column for feature(s) 'views',", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AFolderWithADamagedFile_NamesThatFile()
    {
        Write(Path.Combine("damaged", "a.parquet"), Impressions(3, 2));
        var damaged = Path.Combine(_directory, "damaged", "z.parquet");
        File.WriteAllText(damaged, "PAR1");

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Read(Path.Combine(_directory, "damaged"), "feed", null));

        Assert.StartsWith($"{damaged}: not readable as Parquet (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LINE 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithFewerThanThreeImpressions_SaysTrainingNeedsThree()
    {
        var path = Write("feed.parquet", Impressions(2, 2));

        var error = Assert.Throws<InvalidDataException>(() => LoggedDatasets.Load(path, null, null));

        Assert.Contains("2 impression(s) of surface 'feed'; training needs at least 3", error.Message, StringComparison.Ordinal);
    }

    internal static string Id(int impression) => $"r-{impression:D3}";

    private static float Value(int impression, int position, int feature) => impression * 100 + position * 10 + feature + 0.5f;

    /// <summary>Impression i at <c>start + i minutes</c>; the top item is clicked.</summary>
    private static IEnumerable<LoggedRow> Impressions(int count, int itemsPerImpression, int first = 0, string surface = "feed", int? nullAt = null)
    {
        for (var i = first; i < first + count; i++)
        {
            for (var p = 1; p <= itemsPerImpression; p++)
            {
                var values = s_features.Select((_, f) => f == nullAt && p == 1 ? null : (double?)Value(i, p, f)).ToArray();
                yield return new LoggedRow(Id(i), s_start.AddMinutes(i), surface, p, p == 1 ? 1 : 0, values);
            }
        }
    }

    private string Write(string name, IEnumerable<LoggedRow> rows)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        LoggedParquet.Write(path, s_features, rows);
        return path;
    }
}

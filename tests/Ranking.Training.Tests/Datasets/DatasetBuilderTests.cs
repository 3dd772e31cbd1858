using Ranking.Testing.Datasets;
using Ranking.Training.Datasets;

namespace Ranking.Training.Tests.Datasets;

public sealed class DatasetBuilderTests : IDisposable
{
    private const string Day = "2026-12-02";
    private static readonly string[] s_features = ["price", "likes"];
    private readonly LogFolder _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void Build_LabelsEachItemWithTheBestGradeOfItsEventsInTheWindow()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord(
            "r_1", "2026-12-02T10:00:00.123Z", s_features, [("i_1", "25,140"), ("i_2", "15,null"), ("i_3", "60,10"), ("i_4", "1.5,2"), ("i_5", "8,0")]));
        string[] events =
        [
            LogFolder.EventRecord("click", "r_1", "i_1", "2026-12-02T10:01:00Z"),
            LogFolder.EventRecord("purchase", "r_1", "i_1", "2026-12-02T10:10:00Z"),
            LogFolder.EventRecord("add_to_cart", "r_1", "i_1", "2026-12-02T10:05:00Z"),
            // After the 30 minute window.
            LogFolder.EventRecord("click", "r_1", "i_2", "2026-12-02T10:31:00Z"),
            // Another impression's click on the same item.
            LogFolder.EventRecord("click", "r_other", "i_3", "2026-12-02T10:01:00Z"),
            // A second before the impression, stamped by a clock in whole seconds: inside the 60 s allowed for clocks.
            LogFolder.EventRecord("like", "r_1", "i_4", "2026-12-02T09:59:59Z"),
            // Over a minute before the impression.
            LogFolder.EventRecord("click", "r_1", "i_3", "2026-12-02T09:58:59Z"),
            // On the window's last millisecond.
            LogFolder.EventRecord("add_to_cart", "r_1", "i_5", "2026-12-02T10:30:00.123Z"),
            LogFolder.EventRecord("click", null, "i_2", "2026-12-02T10:02:00Z"),
        ];
        foreach (var line in events)
        {
            _logs.Event(Day, line);
        }

        var summary = Build();

        var rows = ParquetRows.Read(_logs.Output);
        Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => (int)r["position"]!));
        Assert.Equal([3, 0, 0, 1, 2], rows.Select(r => (int)r["label"]!));
        Assert.Equal([25f, 15f, 60f, 1.5f, 8f], rows.Select(r => (float)r["price"]!));
        Assert.Equal([140f, null, 10f, 2f, 0f], rows.Select(r => (float?)r["likes"]));
        Assert.All(rows, r => Assert.Equal("r_1", r["impressionId"]));
        Assert.All(rows, r => Assert.Equal("7", r["modelVersion"]));
        Assert.All(rows, r => Assert.Null(r["variant"]));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, 123, TimeSpan.Zero), new DateTimeOffset((DateTime)rows[0]["time"]!, TimeSpan.Zero));
        Assert.Equal(
            ["impressionId", "time", "surface", "userId", "modelVersion", "variant", "position", "label", "price", "likes"],
            ParquetRows.Columns(_logs.Output));
        Assert.Equal((5L, 1L, 1L), (summary.Rows, summary.Groups, summary.GroupsWithPositiveLabel));
        Assert.Equal(new Dictionary<int, long> { [0] = 2, [1] = 1, [2] = 1, [3] = 1 }, summary.LabelHistogram);
        Assert.Equal((9L, 1L), (summary.Events, summary.EventsWithoutImpression));
    }

    [Fact]
    public void Build_NamesEachRowsVariant_TheUsersUnderAB_TheItemsTeamUnderInterleaving()
    {
        const string Experiment = "\"fallback\":null,";
        var ab = LogFolder.ImpressionRecord("r_ab", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1"), ("i_2", "2,2")])
            .Replace(Experiment, Experiment + "\"experiment\":{\"id\":\"feed-dec\",\"variant\":\"treatment\",\"mode\":\"ab\"},", StringComparison.Ordinal);
        var interleaved = LogFolder.ImpressionRecord("r_tdi", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1"), ("i_2", "2,2")])
            .Replace(Experiment, Experiment + "\"experiment\":{\"id\":\"feed-dec\",\"variant\":\"control\",\"mode\":\"interleave\"},", StringComparison.Ordinal)
            .Replace("\"itemId\":\"i_1\",", "\"itemId\":\"i_1\",\"team\":\"control\",", StringComparison.Ordinal)
            .Replace("\"itemId\":\"i_2\",", "\"itemId\":\"i_2\",\"team\":\"treatment\",", StringComparison.Ordinal);
        _logs.Impression(Day, ab);
        _logs.Impression(Day, interleaved);
        _logs.Event(Day, LogFolder.EventRecord("click", "r_ab", "i_1", "2026-12-02T10:01:00Z"));
        _logs.Event(Day, LogFolder.EventRecord("click", "r_tdi", "i_2", "2026-12-02T10:01:00Z"));

        Build();

        var rows = ParquetRows.Read(_logs.Output);
        Assert.Equal(
            [("r_ab", 1, "treatment"), ("r_ab", 2, "treatment"), ("r_tdi", 1, "control"), ("r_tdi", 2, "treatment")],
            rows.Select(r => ((string)r["impressionId"]!, (int)r["position"]!, (string?)r["variant"])));
    }

    [Fact]
    public void Build_WithOwnGrades_GradesOnlyTheTypesNamed()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1"), ("i_2", "2,2")]));
        _logs.Event(Day, LogFolder.EventRecord("purchase", "r_1", "i_1", "2026-12-02T10:01:00Z"));
        _logs.Event(Day, LogFolder.EventRecord("click", "r_1", "i_2", "2026-12-02T10:01:00Z"));

        Build(grades: EventGrades.Parse("click=4"), attribution: TimeSpan.FromHours(1));

        Assert.Equal([0, 4], ParquetRows.Read(_logs.Output).Select(r => (int)r["label"]!));
    }

    [Fact]
    public void Build_ReassemblesSplitRecordsAndDropsRepeatedOnes()
    {
        var part0 = LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,10"), ("i_2", "2,20")], part: 0, parts: 2);
        var part1 = LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_3", "3,30")], part: 1, parts: 2, firstPosition: 3);
        _logs.Impression(Day, part1);
        _logs.Impression(Day, part0);
        // A retried write, in the next hour's file.
        _logs.Impression(Day, part0, hour: 11);
        _logs.Event(Day, LogFolder.EventRecord("click", "r_1", "i_3", "2026-12-02T10:01:00Z"));

        var summary = Build();

        var rows = ParquetRows.Read(_logs.Output);
        Assert.Equal([1, 2, 3], rows.Select(r => (int)r["position"]!));
        Assert.Equal([1f, 2f, 3f], rows.Select(r => (float)r["price"]!));
        Assert.Equal([0, 0, 1], rows.Select(r => (int)r["label"]!));
        Assert.Equal((1L, 1L), (summary.Impressions, summary.DuplicateRecords));
    }

    [Fact]
    public void Build_OrdersRowsByImpressionThenPosition()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_b", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1"), ("i_2", "2,2")]));
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_a", "2026-12-02T10:05:00Z", s_features, [("i_3", "3,3"), ("i_4", "4,4"), ("i_5", "5,5")]));

        var summary = Build();

        var rows = ParquetRows.Read(_logs.Output);
        Assert.Equal(["r_a:1", "r_a:2", "r_a:3", "r_b:1", "r_b:2"], rows.Select(r => $"{r["impressionId"]}:{r["position"]}"));
        Assert.Equal((5L, 2L, 0L), (summary.Rows, summary.Groups, summary.GroupsWithPositiveLabel));
    }

    [Fact]
    public void Build_DroppingUnlabelledGroups_KeepsOnlyImpressionsWithAPositiveLabel()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1"), ("i_2", "2,2")]));
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_2", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Event(Day, LogFolder.EventRecord("view", "r_2", "i_1", "2026-12-02T10:01:00Z"));
        _logs.Event(Day, LogFolder.EventRecord("click", "r_1", "i_2", "2026-12-02T10:01:00Z"));

        var summary = Build(dropUnlabelled: true);

        var rows = ParquetRows.Read(_logs.Output);
        Assert.Equal(["r_1", "r_1"], rows.Select(r => (string)r["impressionId"]!));
        Assert.Equal((2L, 1L, 1L), (summary.Rows, summary.Groups, summary.GroupsWithPositiveLabel));
    }

    [Fact]
    public void Build_ReadsOnlyTheDaysInRange_AndEventsReceivedTheNextDay()
    {
        _logs.Impression("2026-12-01", LogFolder.ImpressionRecord("r_1", "2026-12-01T23:50:00Z", s_features, [("i_1", "1,1")]));
        _logs.Impression("2026-12-02", LogFolder.ImpressionRecord("r_2", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Impression("2026-12-03", LogFolder.ImpressionRecord("r_3", "2026-12-03T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Event("2026-12-02", LogFolder.EventRecord("click", "r_1", "i_1", "2026-12-02T00:10:00Z"), hour: 0);

        var summary = Build(from: new DateOnly(2026, 12, 1), to: new DateOnly(2026, 12, 2));

        var rows = ParquetRows.Read(_logs.Output);
        Assert.Equal(["r_1", "r_2"], rows.Select(r => (string)r["impressionId"]!));
        Assert.Equal([1, 0], rows.Select(r => (int)r["label"]!));
        Assert.Equal((2, 1), (summary.ImpressionFiles, summary.EventFiles));
    }

    [Fact]
    public void Build_OtherSurfacesAndImpressionsWithoutFeatures_GiveNoRows()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_2", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")], surface: "search"));
        _logs.Impression(Day, """{"log":"impression","impressionId":"r_3","time":"2026-12-02T10:00:00Z","surface":"feed","userId":null,"query":null,"context":null,"model":null,"fallback":{"reason":"model_unavailable"},"features":[],"items":[{"itemId":"i_1","position":1,"score":null,"values":[]},{"itemId":"i_2","position":2}],"part":0,"parts":1}""");

        var summary = Build();

        Assert.Equal(["r_1"], ParquetRows.Read(_logs.Output).Select(r => (string)r["impressionId"]!));
        Assert.Equal((2L, 1L, 0L), (summary.Impressions, summary.ImpressionsWithoutFeatures, summary.Malformed));
    }

    [Fact]
    public void Build_CountsAndListsMalformedLinesWithFileAndLine_AndKeepsTheGoodOnes()
    {
        var file = _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Impression(Day, "{\"log\":\"impression\",\"impressionId\":\"r_2\"");
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_3", "2026-12-02T10:00:00Z", s_features, [("i_1", "1")]));
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_4", "2026-12-02 10:00", s_features, [("i_1", "1,1")]));
        var events = _logs.Event(Day, LogFolder.EventRecord("click", "r_1", "i_1", "2026-12-02T10:01:00Z"));
        _logs.Event(Day, """{"log":"event","type":"click","impressionId":"r_1","time":"2026-12-02T10:01:00Z"}""");
        _logs.Event(Day, """{"log":"event","type":7,"impressionId":"r_1","itemId":"i_1","time":"2026-12-02T10:01:00Z"}""");

        var summary = Build(maxListed: 4);

        Assert.Equal(5, summary.Malformed);
        Assert.Equal(
            [
                $"{file}:2: not JSON",
                $"{file}:3: items[0].values has 1 values for 2 features",
                $"{file}:4: time must be an ISO 8601 time",
                $"{events}:2: itemId is missing",
            ],
            summary.MalformedLines.Select(l => l.ToString()));
        Assert.Equal(7, summary.Lines);
        var row = Assert.Single(ParquetRows.Read(_logs.Output));
        Assert.Equal(("r_1", 1), ((string)row["impressionId"]!, (int)row["label"]!));
    }

    [Fact]
    public void Build_Strict_FailsNamingTheFirstMalformedLine()
    {
        var file = _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Impression(Day, "{\"log\":\"impression\",\"impressionId\":\"r_2\",\"part\":\"0\"}");
        _logs.Impression(Day, "nonsense");

        var error = Assert.Throws<InvalidDataException>(() => Build(strict: true));

        Assert.Equal($"malformed log line {file}:2: part must be a whole number >= 0 (strict: the build stops at the first)", error.Message);
        Assert.False(File.Exists(_logs.Output));
    }

    [Fact]
    public void Build_FeatureListChangingWithinTheRange_FailsNamingBothLists()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_2", "2026-12-02T11:00:00Z", ["price"], [("i_1", "1")], version: "8"));

        var error = Assert.Throws<InvalidDataException>(() => Build());

        Assert.Contains("2 different feature lists", error.Message, StringComparison.Ordinal);
        Assert.Contains("[\"price\",\"likes\"]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[\"price\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoImpressionFilesInRange_FailsNamingTheFolderAndRange()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));

        var error = Assert.Throws<InvalidDataException>(() => Build(from: new DateOnly(2026, 12, 5), to: new DateOnly(2026, 12, 6)));

        Assert.Equal($"no impression log files under {Path.Combine(_logs.Path, "impressions")} for dt 2026-12-05 to 2026-12-06", error.Message);
    }

    [Fact]
    public void Build_NoImpressionOfTheSurface_Fails()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")], surface: "search"));

        var error = Assert.Throws<InvalidDataException>(() => Build());

        Assert.StartsWith("no impression of surface 'feed' in 1 files for dt 2026-12-02 to 2026-12-02", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OverAnExistingDataset_ReplacesIt()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        Build();
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_2", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));

        Build();

        Assert.Equal(2, ParquetRows.Read(_logs.Output).Count);
        Assert.Equal(["dataset.parquet"], Directory.GetFiles(Path.GetDirectoryName(_logs.Output)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Build_ReadsGzipFilesAsFirehoseWritesThem()
    {
        var file = Path.Combine(_logs.Path, "impressions", $"dt={Day}", "firehose-1.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(file), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1"), ("i_2", "2,2")]) + "\n"));
        }

        _logs.Event(Day, LogFolder.EventRecord("purchase", "r_1", "i_2", "2026-12-02T10:01:00Z"));

        Build();

        Assert.Equal([0, 3], ParquetRows.Read(_logs.Output).Select(r => (int)r["label"]!));
    }

    [Fact]
    public void Build_FeatureNamesNeedingQuotes_BecomeColumnsAsNamed()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", ["price \\\"eur\\\"", "brand:levis"], [("i_1", "4,1")]));

        var summary = Build();

        Assert.Equal(["price \"eur\"", "brand:levis"], summary.Features);
        var row = Assert.Single(ParquetRows.Read(_logs.Output));
        Assert.Equal((4f, 1f), ((float)row["price \"eur\""]!, (float)row["brand:levis"]!));
    }

    [Theory]
    [InlineData("label")]
    [InlineData("Position")]
    public void Build_FeatureNamedLikeAFixedColumn_Fails(string feature)
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", ["price", feature], [("i_1", "1,1")]));

        var error = Assert.Throws<InvalidDataException>(() => Build());

        Assert.Equal($"feature '{feature}' is named like another column of the dataset (names are compared ignoring case)", error.Message);
    }

    [Fact]
    public void Build_Cancelled_WritesNothing()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1,1")]));
        var options = new DatasetBuildOptions { LogsDirectory = _logs.Path, Surface = "feed", Output = _logs.Output };

        Assert.ThrowsAny<OperationCanceledException>(() => DatasetBuilder.Build(options, cancellationToken: new CancellationToken(canceled: true)));

        Assert.False(Directory.Exists(Path.GetDirectoryName(_logs.Output)));
    }

    private DatasetBuildSummary Build(
        DateOnly? from = null, DateOnly? to = null, EventGrades? grades = null, TimeSpan? attribution = null, bool dropUnlabelled = false, bool strict = false, int maxListed = 10) =>
        DatasetBuilder.Build(new DatasetBuildOptions
        {
            LogsDirectory = _logs.Path,
            Surface = "feed",
            From = from,
            To = to,
            Grades = grades ?? EventGrades.Default,
            Attribution = attribution ?? TimeSpan.FromMinutes(30),
            DropUnlabelledGroups = dropUnlabelled,
            Strict = strict,
            Output = _logs.Output,
            MaxListedMalformed = maxListed,
        });
}

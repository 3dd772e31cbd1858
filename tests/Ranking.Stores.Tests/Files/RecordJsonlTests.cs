using Ranking.Core.Data;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;

namespace Ranking.Stores.Tests.Files;

public sealed class RecordJsonlTests
{
    private const string ItemLine =
        """{"itemId":"i_1","sellerId":"s_1","status":"active","title":"vintage levis 501 jeans","brand":"levis","category":"jeans","size":"W30","price":25.5,"listedAt":"2026-10-01T12:00:00Z","likes":12,"views":340}""";

    [Fact]
    public void ReadItems_MapsKnownFieldsAndPutsOtherNumbersInNumbers()
    {
        var item = Assert.Single(RecordJsonl.ReadItems(new StringReader(ItemLine), "items.jsonl"));

        Assert.Equal("i_1", item.ItemId);
        Assert.Equal("s_1", item.SellerId);
        Assert.Equal(ItemStatus.Active, item.Status);
        Assert.Equal("vintage levis 501 jeans", item.Title);
        Assert.Equal(("levis", "jeans", "W30"), (item.Brand, item.Category, item.Size));
        Assert.Equal(25.5, item.Price);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero), item.ListedAt);
        Assert.Equal(2, item.Numbers.Count);
        Assert.Equal(12, item.Numbers["likes"]);
        Assert.Equal(340, item.Numbers["views"]);
    }

    [Fact]
    public void FormatItem_RoundTripsByteForByte()
    {
        var item = Assert.Single(RecordJsonl.ReadItems(new StringReader(ItemLine), "items.jsonl"));

        Assert.Equal(ItemLine, RecordJsonl.FormatItem(item));
    }

    [Fact]
    public void ReadItems_IgnoresUnknownNonNumericPropertiesAndBlankLines()
    {
        var text = "\n" + """{"itemId":"i_2","tags":["a"],"meta":{"x":1},"note":"hi","price":3}""" + "\n\n";
        var item = Assert.Single(RecordJsonl.ReadItems(new StringReader(text), "items.jsonl"));

        Assert.Empty(item.Numbers);
        Assert.Equal(3, item.Price);
        Assert.Null(item.ListedAt);
    }

    [Fact]
    public void WriteUsers_ThenRead_RoundTrips()
    {
        var user = new UserRecord { UserId = "u_1" };
        user.Numbers["orders"] = 3;
        user.Numbers["avg_price"] = 41.25;
        user.BrandAffinity["levis"] = 0.8;
        user.CategoryAffinity["jeans"] = 0.5;
        user.SizeAffinity["M"] = 1;
        var writer = new StringWriter();
        RecordJsonl.WriteUsers(writer, [user]);

        Assert.Equal(
            """{"userId":"u_1","avg_price":41.25,"orders":3,"brandAffinity":{"levis":0.8},"categoryAffinity":{"jeans":0.5},"sizeAffinity":{"M":1}}""" + "\n",
            writer.ToString());
        var read = Assert.Single(RecordJsonl.ReadUsers(new StringReader(writer.ToString()), "users.jsonl"));
        Assert.Equal(user.Numbers, read.Numbers);
        Assert.Equal(user.BrandAffinity, read.BrandAffinity);
        Assert.Equal(user.CategoryAffinity, read.CategoryAffinity);
        Assert.Equal(user.SizeAffinity, read.SizeAffinity);
    }

    [Fact]
    public void WriteFeeds_ThenRead_RoundTripsCandidatesAndRanking()
    {
        var plain = new FeedRecord { UserId = "u_1", Surface = "feed", Candidates = ["i_1", "i_2"], CandidatesVersion = 1 };
        var ranked = new FeedRecord
        {
            UserId = "u_2",
            Surface = "feed",
            Candidates = ["i_3", "i_4"],
            CandidatesVersion = 7,
            Ranked = [("i_4", 1.5), ("i_3", -0.25)],
            RankedFromVersion = 7,
            ModelName = "feed-ltr",
            ModelVersion = "12",
            RankedAt = new DateTimeOffset(2026, 10, 2, 8, 30, 0, 123, TimeSpan.Zero),
            ImpressionId = "feed-m-7",
        };
        var writer = new StringWriter();
        RecordJsonl.WriteFeeds(writer, [plain, ranked]);
        var lines = writer.ToString().Split('\n');

        Assert.Equal("""{"userId":"u_1","surface":"feed","candidates":["i_1","i_2"],"candidatesVersion":1}""", lines[0]);
        var read = RecordJsonl.ReadFeeds(new StringReader(writer.ToString()), "feeds.jsonl");
        Assert.Equal(2, read.Count);
        Assert.Null(read[0].Ranked);
        Assert.Equal(plain.Candidates, read[0].Candidates);
        Assert.Equal(ranked.Candidates, read[1].Candidates);
        Assert.Equal(7, read[1].CandidatesVersion);
        Assert.Equal(ranked.Ranked, read[1].Ranked);
        Assert.Equal(7, read[1].RankedFromVersion);
        Assert.Equal(("feed-ltr", "12"), (read[1].ModelName, read[1].ModelVersion));
        Assert.Equal(ranked.RankedAt, read[1].RankedAt);
        Assert.Equal("feed-m-7", read[1].ImpressionId);
        Assert.Equal(lines[1], RecordJsonl.FormatFeed(read[1]));
    }

    [Fact]
    public void WriteItems_ToFile_ThenReadItems_FromFile_RoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), "items-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var item = RecordJsonl.ReadItems(new StringReader(ItemLine), "items.jsonl");
            RecordJsonl.WriteItems(path, item);

            Assert.Equal(ItemLine + "\n", File.ReadAllText(path));
            Assert.Equal("i_1", Assert.Single(RecordJsonl.ReadItems(path)).ItemId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"itemId":"i_9","price":"cheap"}""", "'price' must be a finite number")]
    [InlineData("""{"itemId":"i_9","status":"deleted"}""", "'status' must be active, sold or hidden")]
    [InlineData("""{"itemId":"i_9","listedAt":"last week"}""", "'listedAt' must be an ISO 8601 timestamp")]
    [InlineData("""{"sellerId":"s_1"}""", "'itemId' is required")]
    [InlineData("""["i_9"]""", "expected a JSON object")]
    [InlineData("""{"itemId":"i_9"} {"itemId":"i_10"}""", "")]
    [InlineData("""{"itemId":"i_9",""", "")]
    public void ReadItems_BadLine_NamesFileAndOneBasedLine(string bad, string reason)
    {
        var text = ItemLine + "\n\n" + bad + "\n";
        var error = Assert.Throws<InvalidDataException>(() => RecordJsonl.ReadItems(new StringReader(text), "items.jsonl"));

        Assert.StartsWith("items.jsonl:3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"userId":"u_1","brandAffinity":{"levis":"high"}}""", "'brandAffinity.levis' must be a finite number")]
    [InlineData("""{"userId":"u_1","sizeAffinity":[1]}""", "'sizeAffinity' must be an object of numbers")]
    public void ReadUsers_BadLine_NamesFileLineAndField(string bad, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => RecordJsonl.ReadUsers(new StringReader(bad), "users.jsonl"));

        Assert.Equal("users.jsonl:1: " + reason, error.Message);
    }

    [Theory]
    [InlineData("""{"userId":"u_1","surface":"feed","candidates":["i_1",2]}""", "'candidates[1]' must be a string")]
    [InlineData("""{"userId":"u_1","surface":"feed","candidatesVersion":1.5}""", "'candidatesVersion' must be an integer")]
    [InlineData("""{"userId":"u_1","candidates":[]}""", "'surface' is required and must be a non-empty string")]
    [InlineData("""{"userId":"u_1","surface":"feed","ranked":[{"itemId":"i_1"}]}""", "'ranked[0]' needs a non-empty itemId and a score")]
    public void ReadFeeds_BadLine_NamesFileLineAndField(string bad, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => RecordJsonl.ReadFeeds(new StringReader(bad), "feeds.jsonl"));

        Assert.Equal("feeds.jsonl:1: " + reason, error.Message);
    }
}

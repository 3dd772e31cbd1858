using System.Globalization;
using Ranking.Core.Data;
using Ranking.Stores.Feeds;

namespace Ranking.Stores.Tests.Support;

internal static class TestRecords
{
    public static ItemRecord Item(string id, double likes = 12) => new()
    {
        ItemId = id,
        SellerId = "s_1",
        Status = ItemStatus.Active,
        Title = "vintage levis 501 jeans",
        Brand = "levis",
        Category = "jeans",
        Size = "W30",
        Price = 25.5,
        ListedAt = new DateTimeOffset(2026, 10, 1, 12, 0, 0, 250, TimeSpan.Zero),
        Numbers = new(StringComparer.Ordinal) { ["likes"] = likes, ["views"] = 340, ["ctr"] = 0.1 + 0.2 },
    };

    public static UserRecord User(string id) => new()
    {
        UserId = id,
        Numbers = new(StringComparer.Ordinal) { ["orders"] = 3, ["avgPrice"] = 31.25 },
        BrandAffinity = new(StringComparer.Ordinal) { ["levis"] = 0.8, ["nike"] = 1e-9 },
        CategoryAffinity = new(StringComparer.Ordinal) { ["jeans"] = 0.5 },
        SizeAffinity = new(StringComparer.Ordinal),
    };

    public static FeedRecord RankedFeed(string userId) => new()
    {
        UserId = userId,
        Surface = "feed",
        Candidates = ["i_1", "i_2", "i_3"],
        CandidatesVersion = 4,
        Ranked = [("i_2", 1.5), ("i_1", -0.25), ("i_3", 1e-12)],
        RankedFromVersion = 4,
        ModelName = "feed-ltr",
        ModelVersion = "12",
        RankedAt = DateTimeOffset.Parse("2026-11-01T10:00:00.123Z", CultureInfo.InvariantCulture),
        ImpressionId = "feed-m-1",
    };

    public static string[] Ids(int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"i_{i}")).ToArray();
}

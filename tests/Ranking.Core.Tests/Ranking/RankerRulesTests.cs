using Ranking.Contracts.Rules;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;

namespace Ranking.Core.Tests.Ranking;

/// <summary>
/// Configured filters and boosts, and a request's exclusions and pins, on the fallback path: every model score is 0,
/// so the expected orders are the input order moved only by the rules.
/// </summary>
public sealed class RankerRulesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static ItemRecord Item(string id, string seller = "", double price = 10, double? listedDaysAgo = null, double? promoted = null, string category = "tops")
    {
        var item = new ItemRecord { ItemId = id, SellerId = seller, Price = price, Category = category, ListedAt = listedDaysAgo is { } days ? s_now.AddDays(-days) : null };
        if (promoted is { } value)
        {
            item.Numbers["promoted"] = value;
        }

        return item;
    }

    private static RankResult Rank(ItemRecord?[] items, SurfaceRulesSettings settings, string[]? ids = null, string[]? exclude = null, Pin[]? pins = null, int? limit = null, bool explain = false)
    {
        var input = new RankInput
        {
            Context = new FeatureContext { Now = s_now },
            Candidates = [.. (ids ?? items.Select(i => i!.ItemId).ToArray()).Select(id => new Candidate(id))],
            Items = items,
            Exclude = exclude?.ToHashSet(),
            Pins = pins,
            Limit = limit,
            Explain = explain,
        };
        return Ranker.Rank(input, model: null, new SurfaceRules(settings));
    }

    private static string[] Ids(RankResult result) => [.. result.Items.Select(i => i.ItemId)];

    private static ItemMatch Range(string attribute, double? min = null, double? max = null) => new() { Attribute = attribute, Min = min, Max = max };

    [Fact]
    public void Rank_WithFilters_RemovesWhatEachMatchesAndCountsIt()
    {
        var settings = new SurfaceRulesSettings
        {
            Diversity = [],
            Filters =
            [
                new FilterRule("cheap", Range(ItemAttributes.Price, max: 2)),
                new FilterRule("only-tops", new ItemMatch { Attribute = ItemAttributes.Category, Values = ["TOPS"], Negated = true }),
            ],
        };

        var result = Rank([Item("a"), Item("b", price: 1.5), Item("c", category: "shoes"), Item("d", price: 2, category: "shoes"), null], settings, ids: ["a", "b", "c", "d", "ghost"]);

        // An item no store holds has no attributes for a filter to match: it is kept, as unknown items always are.
        Assert.Equal(["a", "ghost"], Ids(result));
        Assert.Equal([new RemovedItem("b", "filter:cheap"), new RemovedItem("c", "filter:only-tops"), new RemovedItem("d", "filter:cheap")], result.Removed);
        Assert.Equal([2, 1], result.Rules.Filtered);
    }

    [Fact]
    public void Rank_WithNumericBoosts_AddsEachMatchToTheScore()
    {
        var settings = new SurfaceRulesSettings
        {
            Diversity = [],
            Boosts = [new BoostRule("promoted", Range("promoted", 1, 1), 2f), new BoostRule("new", Range(ItemAttributes.AgeDays, max: 7), 0.5f)],
        };

        // c is promoted and new; b only new; a is old; d has no listing time, so no age to match.
        var result = Rank([Item("a", listedDaysAgo: 30), Item("b", listedDaysAgo: 6.5), Item("c", listedDaysAgo: 1, promoted: 1), Item("d", promoted: 0)], settings, explain: true);

        Assert.Equal(["c", "b", "a", "d"], Ids(result));
        Assert.Equal([2.5f, 0.5f, 0f, 0f], result.Items.Select(i => i.Score));
        Assert.Equal([1, 2], result.Rules.Boosted);
        Assert.Equal(["promoted", "new"], result.Items[0].Rules!.Boosts.Select(b => b.Name));
        Assert.Null(result.Items[2].Rules);
    }

    [Fact]
    public void Rank_WithExcludedIds_RemovesThemBeforeAnythingElse()
    {
        var result = Rank([Item("a"), Item("b"), Item("c")], new SurfaceRulesSettings(), exclude: ["b", "not-a-candidate"]);

        Assert.Equal(["a", "c"], Ids(result));
        Assert.Equal([new RemovedItem("b", "excluded")], result.Removed);
        Assert.Equal(1, result.Rules.Excluded);
    }

    [Fact]
    public void Rank_WithPins_PutsEachAtItsPositionAndTheRestInOrderAround()
    {
        var items = Enumerable.Range(0, 6).Select(i => (ItemRecord?)Item($"i{i}")).ToArray();

        var result = Rank(items, new SurfaceRulesSettings { Diversity = [] }, pins: [new Pin("i5", 1), new Pin("i4", 3), new Pin("i0", 20)], explain: true);

        // A pin past the end places its item last.
        Assert.Equal(["i5", "i1", "i4", "i2", "i3", "i0"], Ids(result));
        Assert.Equal(3, result.Rules.Pinned);
        Assert.Equal([1, null, 3, null, null, 20], result.Items.Select(i => i.Rules?.Pinned));
    }

    [Fact]
    public void Rank_WithAPinnedItemTheRulesRemoved_KeepsItRemoved()
    {
        var settings = new SurfaceRulesSettings { Filters = [new FilterRule("cheap", Range(ItemAttributes.Price, max: 2))] };

        var result = Rank([Item("a"), Item("b", price: 1)], settings, pins: [new Pin("b", 1)]);

        Assert.Equal(["a"], Ids(result));
        Assert.Equal(0, result.Rules.Pinned);
    }

    [Fact]
    public void Rank_PinsAfterDiversityAndBeforeTheLimit()
    {
        // Seller s has four items; one in the top 3. The pin moves s's third item to the top anyway: a pin overrides a cap.
        ItemRecord[] items = [Item("s1", "s"), Item("s2", "s"), Item("s3", "s"), Item("t1", "t"), Item("u1", "u")];
        var settings = new SurfaceRulesSettings { Diversity = [new DiversityCap(ItemAttributes.SellerId, 1, 3)] };

        var result = Rank(items, settings, pins: [new Pin("s3", 1)], limit: 3, explain: true);

        Assert.Equal(["s3", "s1", "t1"], Ids(result));
        Assert.Equal(new DiversityCap(ItemAttributes.SellerId, 1, 3), result.Items[0].Rules!.DemotedBy);
        Assert.Equal(1, result.Items[0].Rules!.Pinned);
        Assert.Equal([2], result.Rules.Demoted);
    }

    [Fact]
    public void Rank_WithoutExplain_ReportsNoAppliedRules()
    {
        var settings = new SurfaceRulesSettings { Boosts = [new BoostRule("promoted", Range("promoted", 1), 1f)] };

        var result = Rank([Item("a"), Item("b", promoted: 1)], settings, pins: [new Pin("a", 1)]);

        Assert.Equal(["a", "b"], Ids(result));
        Assert.All(result.Items, i => Assert.Null(i.Rules));
        Assert.Equal([1], result.Rules.Boosted);
        Assert.Equal(1, result.Rules.Pinned);
    }
}

using Ranking.Core.Tests.Rules;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;

namespace Ranking.Core.Tests.Ranking;

/// <summary>
/// Rules on the fallback path: without a model every score is 0, so boosts alone decide the order, which
/// makes the expected lists easy to write by hand.
/// </summary>
public sealed class RankerTests
{
    private static ItemRecord Item(string id, string seller = "s", string status = ItemStatus.Active, string brand = "b") =>
        new() { ItemId = id, SellerId = seller, Status = status, Brand = brand };

    private static RankResult Rank(ItemRecord?[] items, SurfaceRules? rules = null, int? limit = null, string[]? ids = null)
    {
        var candidates = (ids ?? items.Select(i => i!.ItemId).ToArray()).Select(id => new Candidate(id)).ToArray();
        var input = new RankInput { Context = new FeatureContext(), Candidates = candidates, Items = items, Limit = limit };
        return Ranker.Rank(input, model: null, rules ?? TestRules.Plain);
    }

    private static string[] Ids(RankResult result) => result.Items.Select(i => i.ItemId).ToArray();

    [Fact]
    public void Rank_WithoutModel_KeepsInputOrderAndFlagsFallback()
    {
        var result = Rank([Item("a"), Item("b"), Item("c")]);

        Assert.Equal(["a", "b", "c"], Ids(result));
        Assert.Equal([1, 2, 3], result.Items.Select(i => i.Rank));
        Assert.Equal(FallbackReason.ModelUnavailable, result.Fallback);
        Assert.Null(result.Model);
    }

    [Fact]
    public void Rank_WithDuplicateCandidates_KeepsFirstAndReportsRest()
    {
        var a = Item("a");
        var result = Rank([a, Item("b"), a], ids: ["a", "b", "a"]);

        Assert.Equal(["a", "b"], Ids(result));
        Assert.Equal([new RemovedItem("a", RemovalReason.Duplicate)], result.Removed);
    }

    [Fact]
    public void Rank_WithManyDuplicates_KeepsTheFirstOfEachIdInInputOrder()
    {
        // 1000 candidates over 97 ids: the dedupe table probes past collisions and keeps first occurrences only.
        var ids = Enumerable.Range(0, 1000).Select(i => $"item-{(i * 31) % 97}").ToArray();
        var items = ids.Select(id => (ItemRecord?)Item(id)).ToArray();

        var result = Rank(items, ids: ids);

        Assert.Equal(ids.Distinct(), Ids(result));
        Assert.Equal(903, result.Removed.Count);
        Assert.All(result.Removed, r => Assert.Equal(RemovalReason.Duplicate, r.Reason));
    }

    [Fact]
    public void Rank_Of500Candidates_AllocatesOnlyWhatTheResultKeeps()
    {
        // Every working buffer is pooled: what remains is the result's position and score per item (8 bytes each)
        // and a few objects. Seller diversity is on, so its buffers are counted too.
        var items = Enumerable.Range(0, 500).Select(i => (ItemRecord?)Item($"item-{i}", seller: $"seller-{i % 7}")).ToArray();
        var candidates = items.Select(i => new Candidate(i!.ItemId)).ToArray();
        var input = new RankInput { Context = new FeatureContext(), Candidates = candidates, Items = items };
        var rules = TestRules.Sellers(2, 20);
        Ranker.Rank(input, model: null, rules);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Ranker.Rank(input, model: null, rules);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(500, result.Items.Count);
        Assert.InRange(allocated, 8 * 500, (8 * 500) + 1024);
    }

    [Fact]
    public void Rank_WithSoldAndHiddenItems_DropsThemAsInactive()
    {
        var result = Rank([Item("a", status: ItemStatus.Sold), Item("b"), Item("c", status: ItemStatus.Hidden)]);

        Assert.Equal(["b"], Ids(result));
        Assert.Equal(["a", "c"], result.Removed.Select(r => r.ItemId));
        Assert.All(result.Removed, r => Assert.Equal(RemovalReason.Inactive, r.Reason));
    }

    [Fact]
    public void Rank_WithUnknownItem_KeepsItAndCountsIt()
    {
        var result = Rank([Item("a"), null], ids: ["a", "ghost"]);

        Assert.Equal(["a", "ghost"], Ids(result));
        Assert.Equal(1, result.MissingItems);
    }

    [Fact]
    public void Rank_WithBoost_MovesMatchingItemsUp()
    {
        var rules = TestRules.Boosts(TestRules.Boost("brand", "levis", 1f));

        var result = Rank([Item("a"), Item("b", brand: "Levis"), Item("c")], rules);

        Assert.Equal(["b", "a", "c"], Ids(result));
        Assert.Equal(1f, result.Items[0].Score);
    }

    [Fact]
    public void Rank_WithLimit_ReturnsTopOnly()
    {
        var result = Rank([Item("a"), Item("b"), Item("c")], limit: 2);

        Assert.Equal(["a", "b"], Ids(result));
    }

    [Fact]
    public void Rank_WithSellerDiversity_CapsEachSellerInTheWindow()
    {
        var rules = TestRules.Sellers(2, 4);
        ItemRecord[] items = [Item("a1", "A"), Item("a2", "A"), Item("a3", "A"), Item("a4", "A"), Item("b1", "B"), Item("c1", "C")];

        var result = Rank(items, rules);

        // a3 and a4 are held back out of the first four places, then follow in their own order.
        Assert.Equal(["a1", "a2", "b1", "c1", "a3", "a4"], Ids(result));
    }

    [Fact]
    public void Rank_WithSellerDiversityAndTooFewOthers_FillsTheWindowWithHeldItems()
    {
        var rules = TestRules.Sellers(1, 3);

        var result = Rank([Item("a1", "A"), Item("a2", "A"), Item("b1", "B")], rules);

        Assert.Equal(["a1", "b1", "a2"], Ids(result));
    }
}

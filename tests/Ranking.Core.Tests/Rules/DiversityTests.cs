using FsCheck;
using FsCheck.Xunit;
using Ranking.Contracts.Rules;
using Ranking.Core.Data;
using Ranking.Core.Rules;

namespace Ranking.Core.Tests.Rules;

public sealed class DiversityTests
{
    private static int[] Apply(int[] order, string[] sellers, int maxPerSeller, int window) =>
        Apply(order, [.. sellers.Select((s, i) => new ItemRecord { ItemId = $"i{i}", SellerId = s })], new DiversityCap(ItemAttributes.SellerId, maxPerSeller, window));

    private static int[] Apply(int[] order, ItemRecord?[] items, params DiversityCap[] caps) => Apply(order, items, out _, caps);

    private static int[] Apply(int[] order, ItemRecord?[] items, out (int[] Demoted, byte[] HeldBy) held, params DiversityCap[] caps)
    {
        var rules = new SurfaceRules(new SurfaceRulesSettings { Diversity = caps });
        var result = order.ToArray();
        held = (new int[caps.Length], new byte[items.Length]);
        Diversity.Apply(result, items, rules.Caps, rules.Window, held.Demoted, held.HeldBy);
        return result;
    }

    private static ItemRecord Item(int i, string seller, string brand) => new() { ItemId = $"i{i}", SellerId = seller, Brand = brand };

    [Fact]
    public void Apply_WithASellerOverTheCap_HoldsItsExtraItemsBehindTheWindow()
    {
        var result = Apply([0, 1, 2, 3, 4, 5], ["a", "a", "a", "b", "c", "a"], maxPerSeller: 2, window: 4);

        // The window fills with a, a, b, c; the third a follows it, ahead of everything that came after the window.
        Assert.Equal([0, 1, 3, 4, 2, 5], result);
    }

    [Fact]
    public void Apply_WithSeveralHeldItems_KeepsThemInScoreOrder()
    {
        var result = Apply([0, 1, 2, 3, 4, 5], ["a", "a", "a", "a", "b", "b"], maxPerSeller: 1, window: 3);

        Assert.Equal([0, 4, 1, 2, 3, 5], result);
    }

    [Fact]
    public void Apply_ReadsSellersByItemIndex_NotByPosition()
    {
        // Items 0 and 3 are seller a's, 1 and 2 seller b's; the order starts 3, 0: two of a's in a row.
        var result = Apply([3, 0, 2, 1], ["a", "b", "b", "a"], maxPerSeller: 1, window: 3);

        Assert.Equal([3, 2, 0, 1], result);
    }

    [Fact]
    public void Apply_PastTheWindow_LeavesTheOrderAlone()
    {
        var result = Apply([0, 1, 2, 3], ["a", "b", "a", "a"], maxPerSeller: 1, window: 2);

        Assert.Equal([0, 1, 2, 3], result);
    }

    [Fact]
    public void Apply_WithUnknownSellers_NeverGroupsThem()
    {
        var result = Apply([0, 1, 2, 3], ["", "", "", "a"], maxPerSeller: 1, window: 4);

        Assert.Equal([0, 1, 2, 3], result);
    }

    [Theory]
    [InlineData(4, 10)]
    [InlineData(9, 10)]
    public void Apply_WithNoMoreItemsThanTheCap_LeavesTheOrderAlone(int maxPerSeller, int window)
    {
        var result = Apply([2, 0, 3, 1], ["a", "a", "a", "a"], maxPerSeller, window);

        Assert.Equal([2, 0, 3, 1], result);
    }

    [Fact]
    public void Apply_WithoutCaps_LeavesTheOrderAlone()
    {
        var result = Apply([2, 0, 3, 1], [Item(0, "a", "x"), Item(1, "a", "x"), Item(2, "a", "x"), Item(3, "a", "x")]);

        Assert.Equal([2, 0, 3, 1], result);
    }

    [Fact]
    public void Apply_WithTwoCaps_TakesEachPositionsBestItemThatBothAllow()
    {
        // Seller a's items 0-2, brand x on 0, 1 and 3; one per seller and one per brand in the top 3.
        ItemRecord[] items = [Item(0, "a", "x"), Item(1, "a", "x"), Item(2, "a", "y"), Item(3, "b", "x"), Item(4, "c", "z"), Item(5, "d", "y")];

        var result = Apply([0, 1, 2, 3, 4, 5], items, out var held, new DiversityCap(ItemAttributes.SellerId, 1, 3), new DiversityCap(ItemAttributes.Brand, 1, 3));

        // 0 (a, x); 1 and 2 are a's, 3 is brand x: 4 (c, z); then 5 (d, y); the held follow in score order.
        Assert.Equal([0, 4, 5, 1, 2, 3], result);
        Assert.Equal([2, 1], held.Demoted);
        Assert.Equal([0, 1, 1, 2, 0, 0], held.HeldBy);
    }

    [Fact]
    public void Apply_WhenANarrowCapsWindowEnds_FillsTheNextPositionWithItsBestHeldItem()
    {
        // Brand: one in the top 2; seller: two in the top 4. Item 1 (brand x) is held at position 2 and fits at position 3.
        ItemRecord[] items = [Item(0, "a", "x"), Item(1, "b", "x"), Item(2, "c", "y"), Item(3, "d", "z"), Item(4, "e", "w")];

        var result = Apply([0, 1, 2, 3, 4], items, new DiversityCap(ItemAttributes.Brand, 1, 2), new DiversityCap(ItemAttributes.SellerId, 2, 4));

        Assert.Equal([0, 2, 1, 3, 4], result);
    }

    [Fact]
    public void Apply_ComparesValuesIgnoringCase_AndNeverGroupsMissingItems()
    {
        ItemRecord?[] items = [Item(0, "s", "Nike"), Item(1, "t", "nike"), null, null, Item(4, "u", "adidas")];

        var result = Apply([0, 1, 2, 3, 4], items, new DiversityCap(ItemAttributes.Brand, 1, 5));

        Assert.Equal([0, 2, 3, 4, 1], result);
    }

    [Property]
    public bool Apply_IsAPermutationThatKeepsEachSellersItemsInOrder(NonEmptyArray<byte> raw, byte cap, byte window)
    {
        // Three sellers and an unknown one over short lists, so caps bind and windows end early or late.
        var sellers = raw.Get.Select(b => (b % 4) switch { 0 => "", var s => $"s{s}" }).ToArray();
        var order = Enumerable.Range(0, sellers.Length).Reverse().ToArray();

        var result = Apply(order, sellers, 1 + (cap % 4), 1 + (window % 8));

        var sameItems = result.Order().SequenceEqual(order.Order());
        var sellerOrderKept = sellers.Distinct().All(seller =>
            result.Where(i => sellers[i] == seller).SequenceEqual(order.Where(i => sellers[i] == seller)));
        return sameItems && sellerOrderKept;
    }
}

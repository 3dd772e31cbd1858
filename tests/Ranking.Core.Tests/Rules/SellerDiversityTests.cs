using FsCheck;
using FsCheck.Xunit;
using Ranking.Core.Rules;

namespace Ranking.Core.Tests.Rules;

public sealed class SellerDiversityTests
{
    private static int[] Apply(int[] order, string[] sellers, int maxPerSeller, int window)
    {
        var result = order.ToArray();
        SellerDiversity.Apply(result, sellers, maxPerSeller, window);
        return result;
    }

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
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(-1, 10)]
    [InlineData(4, 10)]
    public void Apply_WhenOffOrWithNoMoreItemsThanTheCap_LeavesTheOrderAlone(int maxPerSeller, int window)
    {
        var result = Apply([2, 0, 3, 1], ["a", "a", "a", "a"], maxPerSeller, window);

        Assert.Equal([2, 0, 3, 1], result);
    }

    [Property]
    public bool Apply_IsAPermutationThatKeepsEachSellersItemsInOrder(NonEmptyArray<byte> raw, byte cap, byte window)
    {
        // Three sellers and an unknown one over short lists, so caps bind and windows end early or late.
        var sellers = raw.Get.Select(b => (b % 4) switch { 0 => "", var s => $"s{s}" }).ToArray();
        var order = Enumerable.Range(0, sellers.Length).Reverse().ToArray();

        var result = Apply(order, sellers, cap % 4, window % 8);

        var sameItems = result.Order().SequenceEqual(order.Order());
        var sellerOrderKept = sellers.Distinct().All(seller =>
            result.Where(i => sellers[i] == seller).SequenceEqual(order.Where(i => sellers[i] == seller)));
        return sameItems && sellerOrderKept;
    }
}

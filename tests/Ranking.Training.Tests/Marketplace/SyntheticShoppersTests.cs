using Ranking.Training.Marketplace;

namespace Ranking.Training.Tests.Marketplace;

/// <summary>The generator's users as live traffic: visits, true relevance and reactions that follow the click model.</summary>
public sealed class SyntheticShoppersTests(MarketplaceSampleFixture fixture) : IClassFixture<MarketplaceSampleFixture>
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SameSeed_GivesTheSameVisits()
    {
        var first = new SyntheticShoppers(fixture.Sample, seed: 3);
        var second = new SyntheticShoppers(fixture.Sample, seed: 3);
        for (var i = 0; i < 50; i++)
        {
            var surface = i % 2 == 0 ? "feed" : "search";
            var a = first.Visit(surface, s_at);
            var b = second.Visit(surface, s_at);
            Assert.Equal(a.UserId, b.UserId);
            Assert.Equal(a.Query, b.Query);
            Assert.Equal(a.Candidates, b.Candidates);
        }
    }

    [Fact]
    public void FeedVisits_OfferTheUsersStoredFeed_SearchVisits_ItemsMatchingTheirQuery()
    {
        var shoppers = new SyntheticShoppers(fixture.Sample, seed: 5);
        var feeds = fixture.Sample.Feeds.ToDictionary(f => f.UserId, f => f.Candidates.ToHashSet(StringComparer.Ordinal));
        var titles = fixture.Sample.Items.ToDictionary(i => i.ItemId, i => i.Title.Split(' '), StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            var feed = shoppers.Visit("feed", s_at);
            Assert.Null(feed.Query);
            Assert.NotEmpty(feed.Candidates);
            Assert.All(feed.Candidates, id => Assert.Contains(id, feeds[feed.UserId]));

            var search = shoppers.Visit("search", s_at);
            Assert.False(string.IsNullOrEmpty(search.Query));
            var words = search.Query!.Split(' ');
            // Retrieval takes up to 50 text matches and adds up to 3 random items, as the sample's search sessions do.
            var matching = search.Candidates.Count(id => words.Any(w => titles[id].Contains(w)));
            Assert.True(matching >= search.Candidates.Count - 3, $"'{search.Query}': {matching} of {search.Candidates.Count} match");
        }

        Assert.Throws<ArgumentException>(() => shoppers.Visit("home", s_at));
    }

    [Fact]
    public void Reactions_FollowPositionBiasTimesTrueRelevance()
    {
        var shoppers = new SyntheticShoppers(fixture.Sample, seed: 9);
        var visit = shoppers.Visit("feed", s_at);
        var shown = visit.Candidates.Take(10).ToList();
        var relevance = shoppers.Relevance(visit, shown);
        Assert.All(relevance, r => Assert.InRange(r, 0.0, 1.0));

        // The same list shown 20,000 times: position k's click rate is (k + 1)^-0.5 x its item's true relevance.
        const int Draws = 20_000;
        var clicks = new int[shown.Count];
        var purchases = 0;
        for (var d = 0; d < Draws; d++)
        {
            var reaction = shoppers.React(visit, shown);
            foreach (var k in reaction.Clicks)
            {
                clicks[k]++;
            }

            Assert.Subset(reaction.Clicks.ToHashSet(), reaction.Purchases.ToHashSet());
            purchases += reaction.Purchases.Count;
        }

        for (var k = 0; k < shown.Count; k++)
        {
            var expected = Math.Pow(k + 1, -0.5) * relevance[k];
            var sd = Math.Sqrt(expected * (1 - expected) / Draws);
            Assert.True(Math.Abs((clicks[k] / (double)Draws) - expected) < (5 * sd) + 1e-9, $"position {k}: {clicks[k] / (double)Draws:F4} vs {expected:F4}");
        }

        Assert.True(purchases < clicks.Sum());
    }
}

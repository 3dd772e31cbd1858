namespace Ranking.Training.Marketplace;

/// <summary>
/// The generated marketplace's users as live traffic: each visit is a user (drawn by activity) on a surface with the
/// candidates retrieval gives them, and their reaction to a ranking follows the generator's click model (position
/// bias times true relevance). Their true tastes stay here; callers see ids, queries and probabilities only, which is
/// what lets a simulation grade a ranking against what users truly wanted.
/// </summary>
public sealed class SyntheticShoppers
{
    private readonly MarketplaceSample _sample;
    private readonly Random _random;
    private readonly Dictionary<string, LatentItem> _items;
    private readonly double[] _activity;
    private readonly Dictionary<string, IReadOnlyList<string>> _feeds;

    /// <param name="seed">The traffic's own seed: the same sample and seed give the same visits and, for the same rankings, the same clicks.</param>
    public SyntheticShoppers(MarketplaceSample sample, int seed)
    {
        _sample = sample;
        _random = new Random(seed);
        _items = sample.LatentItems.ToDictionary(static item => item.Record.ItemId, StringComparer.Ordinal);
        _activity = [.. sample.LatentUsers.Select(static user => user.Activity)];
        _feeds = sample.Feeds.ToDictionary(static feed => feed.UserId, static feed => feed.Candidates, StringComparer.Ordinal);
    }

    /// <summary>A visit at <paramref name="at"/>: a feed visit's candidates are the user's stored feed, a search's what retrieval finds for their query.</summary>
    /// <exception cref="ArgumentException">The surface is neither <c>feed</c> nor <c>search</c>.</exception>
    public SyntheticVisit Visit(string surface, DateTimeOffset at)
    {
        var u = _random.Weighted(_activity);
        var user = _sample.LatentUsers[u];
        var platform = _random.Chance(0.85) ? user.Platform : Catalog.Platforms[_random.Next(Catalog.Platforms.Count)];
        switch (surface)
        {
            case SampleBuilder.FeedSurface:
                var eligible = _feeds[user.UserId].Where(id => Shopping.Showable(_items[id], at)).ToList();
                return new SyntheticVisit(user, surface, null, platform, eligible);
            case SampleBuilder.SearchSurface:
                var intent = Shopping.Intent(_random, user);
                var retrieved = Shopping.Retrieve(_random, _sample.LatentItems, intent, at);
                return new SyntheticVisit(user, surface, intent, platform, [.. retrieved.Select(static item => item.Record.ItemId)]);
            default:
                throw new ArgumentException($"unknown surface '{surface}': expected feed or search", nameof(surface));
        }
    }

    /// <summary>P(click | examined) of each item for this visit: its true relevance, which position bias hides in the clicks.</summary>
    /// <exception cref="KeyNotFoundException">An item is not in the sample.</exception>
    public double[] Relevance(SyntheticVisit visit, IReadOnlyList<string> itemIds)
    {
        var relevance = new double[itemIds.Count];
        for (var i = 0; i < relevance.Length; i++)
        {
            relevance[i] = ClickModel.ClickProbability(visit.User, _items[itemIds[i]], visit.Intent);
        }

        return relevance;
    }

    /// <summary>
    /// What the user does with <paramref name="shown"/> (best first): examines position k with the generator's
    /// position bias, clicks an examined item by its true relevance, buys a clicked one by its fit.
    /// </summary>
    public SyntheticReaction React(SyntheticVisit visit, IReadOnlyList<string> shown)
    {
        var (clicks, purchases) = Shopping.React(_random, visit.User, [.. shown.Select(id => _items[id])], visit.Intent);
        return new SyntheticReaction(clicks, purchases);
    }

    /// <summary>The item's listed price (a purchase event's value).</summary>
    public double Price(string itemId) => _items[itemId].Record.Price;
}

/// <summary>One visit of a synthetic user: who, where, what they typed and which items retrieval offers.</summary>
public sealed class SyntheticVisit
{
    internal SyntheticVisit(LatentUser user, string surface, SearchIntent? intent, string platform, IReadOnlyList<string> candidates)
    {
        User = user;
        Surface = surface;
        Intent = intent;
        Platform = platform;
        Candidates = candidates;
    }

    public string UserId => User.UserId;
    public string Surface { get; }
    public string? Query => Intent?.Query;
    public string Platform { get; }
    public IReadOnlyList<string> Candidates { get; }
    internal LatentUser User { get; }
    internal SearchIntent? Intent { get; }
}

/// <summary>0-based positions in the shown list that were clicked, and those bought (each also clicked).</summary>
public sealed record SyntheticReaction(IReadOnlyList<int> Clicks, IReadOnlyList<int> Purchases);

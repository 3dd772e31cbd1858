using FsCheck;
using FsCheck.Xunit;
using Ranking.Core.Tests.Rules;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;

namespace Ranking.Core.Tests.Ranking;

/// <summary>Invariants over random candidate lists: nothing lost, nothing duplicated, same input same output.</summary>
public sealed class RankerProperties
{
    /// <summary>Small id and seller ranges so duplicates, inactive items and crowded sellers all occur.</summary>
    private static RankInput Input(int[] raw)
    {
        var candidates = raw.Select(r => new Candidate($"i{Math.Abs(r % 12)}")).ToArray();
        var items = raw.Select(r => (ItemRecord?)(Math.Abs(r % 12) == 11 ? null : new ItemRecord
        {
            ItemId = $"i{Math.Abs(r % 12)}",
            SellerId = $"s{Math.Abs(r % 3)}",
            Status = Math.Abs(r % 12) == 7 ? ItemStatus.Sold : ItemStatus.Active,
            Brand = Math.Abs(r % 12) % 2 == 0 ? "even" : "odd",
        })).ToArray();
        return new RankInput { Context = new FeatureContext(), Candidates = candidates, Items = items };
    }

    private const int MaxPerSeller = 2;
    private const int Window = 5;
    private static readonly SurfaceRules s_rules = TestRules.Sellers(MaxPerSeller, Window, TestRules.Boost("brand", "even", 0.5f));

    [Property]
    public bool Ranked_IsAPermutationOfTheKeptCandidates(NonEmptyArray<int> raw)
    {
        var input = Input(raw.Get);
        var result = Ranker.Rank(input, null, s_rules);

        var kept = new List<string>();
        var seen = new HashSet<string>();
        for (var i = 0; i < input.Candidates.Length; i++)
        {
            if (seen.Add(input.Candidates[i].ItemId) && input.Items[i]?.Status != ItemStatus.Sold)
            {
                kept.Add(input.Candidates[i].ItemId);
            }
        }

        var ranked = result.Items.Select(i => i.ItemId).ToList();
        return ranked.Order().SequenceEqual(kept.Order()) && ranked.Distinct().Count() == ranked.Count;
    }

    [Property]
    public bool EveryCandidate_IsRankedOrRemovedExactlyOnce(NonEmptyArray<int> raw)
    {
        var input = Input(raw.Get);
        var result = Ranker.Rank(input, null, s_rules);

        return result.Items.Count + result.Removed.Count == input.Candidates.Length
            && result.Items.Select(i => i.Rank).SequenceEqual(Enumerable.Range(1, result.Items.Count));
    }

    [Property]
    public bool SameRequest_GivesSameOrder(NonEmptyArray<int> raw)
    {
        var first = Ranker.Rank(Input(raw.Get), null, s_rules);
        var second = Ranker.Rank(Input(raw.Get), null, s_rules);

        return first.Items.Select(i => i.ItemId).SequenceEqual(second.Items.Select(i => i.ItemId));
    }

    [Property]
    public bool SellerCap_HoldsInTheWindowWheneverOthersCouldFillIt(NonEmptyArray<int> raw)
    {
        var input = Input(raw.Get);
        var result = Ranker.Rank(input, null, s_rules);
        var sellerOf = input.Items.Where(i => i is not null).GroupBy(i => i!.ItemId).ToDictionary(g => g.Key, g => g.First()!.SellerId);
        var window = result.Items.Take(Window).Select(i => sellerOf.GetValueOrDefault(i.ItemId, "")).Where(s => s.Length > 0);
        var overCap = window.GroupBy(s => s).Any(g => g.Count() > MaxPerSeller);
        // The cap may only be broken when too few items of other sellers exist to fill the window.
        var perSeller = result.Items.Select(i => sellerOf.GetValueOrDefault(i.ItemId, "")).Where(s => s.Length > 0).GroupBy(s => s);
        var unknown = result.Items.Count(i => !sellerOf.ContainsKey(i.ItemId));
        var fillable = perSeller.Sum(g => Math.Min(g.Count(), MaxPerSeller)) + unknown >= Math.Min(Window, result.Items.Count);
        return !overCap || !fillable;
    }

    [Property]
    public bool WithoutDiversity_ScoresDescendAndTiesKeepInputOrder(NonEmptyArray<int> raw)
    {
        var input = Input(raw.Get);
        var rules = TestRules.Boosts(TestRules.Boost("brand", "even", 0.5f), TestRules.Boost("sellerId", "s1", -0.25f));
        var result = Ranker.Rank(input, null, rules);
        var firstIndex = new Dictionary<string, int>();
        for (var i = 0; i < input.Candidates.Length; i++)
        {
            firstIndex.TryAdd(input.Candidates[i].ItemId, i);
        }

        for (var r = 1; r < result.Items.Count; r++)
        {
            var (before, after) = (result.Items[r - 1], result.Items[r]);
            if (before.Score < after.Score || (before.Score == after.Score && firstIndex[before.ItemId] > firstIndex[after.ItemId]))
            {
                return false;
            }
        }

        return true;
    }
}

using Ranking.Core.Data;

namespace Ranking.Training.Marketplace;

internal sealed partial class SampleBuilder
{
    private void BuildSessions()
    {
        var itemsById = new Dictionary<string, LatentItem>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            itemsById[item.Record.ItemId] = item;
        }

        var activity = new double[_users.Count];
        for (var u = 0; u < activity.Length; u++)
        {
            activity[u] = _users[u].Activity;
        }

        for (var s = 0; s < _options.FeedSessions; s++)
        {
            var u = _random.Weighted(activity);
            var at = SessionTime();
            var eligible = new List<LatentItem>();
            foreach (var id in _feeds[u].Candidates)
            {
                if (itemsById[id] is var item && Shopping.Showable(item, at))
                {
                    eligible.Add(item);
                }
            }

            var shown = LegacyOrder(eligible, null, out var scores);
            _sessions.Add(Simulate($"f_{s + 1}", _users[u], FeedSurface, at, null, shown, scores));
        }

        for (var s = 0; s < _options.SearchSessions; s++)
        {
            var u = _random.Weighted(activity);
            var at = SessionTime();
            var intent = Shopping.Intent(_random, _users[u]);
            var shown = LegacyOrder(Shopping.Retrieve(_random, _items, intent, at), intent, out var scores);
            _sessions.Add(Simulate($"s_{s + 1}", _users[u], SearchSurface, at, intent, shown, scores));
        }

        _sessions.Sort(static (a, b) =>
        {
            var byTime = a.Timestamp.CompareTo(b.Timestamp);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.SessionId, b.SessionId);
        });
    }

    private DateTimeOffset SessionTime() =>
        _options.ReferenceTime.AddSeconds(-Math.Round(_random.NextDouble() * _options.SessionDays * 86400));

    /// <summary>The naive ranker that produced the logs: popularity (likes) with noise, plus text match on search.</summary>
    /// <param name="scores">The shown items' scores, logged with them as a production ranker's would be.</param>
    private List<LatentItem> LegacyOrder(List<LatentItem> candidates, SearchIntent? intent, out double[] scores)
    {
        var scored = new List<(double Score, LatentItem Item)>(candidates.Count);
        foreach (var item in candidates)
        {
            var score = Math.Log(1 + item.Likes) + _random.Gumbel();
            if (intent is not null)
            {
                score += 1.5 * ClickModel.TokenShare(intent, item);
            }

            scored.Add((score, item));
        }

        scored.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Item.Record.ItemId, b.Item.Record.ItemId);
        });
        var count = Math.Min(scored.Count, 15 + _random.Next(6));
        var shown = new List<LatentItem>(count);
        scores = new double[count];
        for (var k = 0; k < count; k++)
        {
            shown.Add(scored[k].Item);
            scores[k] = scored[k].Score;
        }

        return shown;
    }

    private MarketplaceSession Simulate(
        string sessionId, LatentUser user, string surface, DateTimeOffset at, SearchIntent? intent, List<LatentItem> shown, double[] scores)
    {
        var platform = _random.Chance(0.85) ? user.Platform : Catalog.Platforms[_random.Next(Catalog.Platforms.Count)];
        var truth = new SessionTruth
        {
            Intent = intent,
            LegacyScores = scores,
            Examination = new double[shown.Count],
            Click = new double[shown.Count],
            Purchase = new double[shown.Count],
        };
        var (clicks, purchases) = Shopping.React(_random, user, shown, intent, truth);

        var ids = new string[shown.Count];
        for (var k = 0; k < ids.Length; k++)
        {
            ids[k] = shown[k].Record.ItemId;
        }

        return new MarketplaceSession
        {
            SessionId = sessionId,
            UserId = user.UserId,
            Surface = surface,
            Timestamp = at,
            Query = intent?.Query,
            Context = new Dictionary<string, ContextValue>(StringComparer.Ordinal) { ["platform"] = ContextValue.Of(platform) },
            Items = ids,
            Clicks = clicks,
            Purchases = purchases,
            Truth = truth,
        };
    }
}

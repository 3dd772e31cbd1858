using System.Text;

namespace Ranking.Training.Marketplace;

/// <summary>The README written next to a generated sample, so the folder explains itself and how to regenerate it.</summary>
internal static class SampleReadme
{
    public static string Text(MarketplaceSample sample)
    {
        var o = sample.Options;
        var feed = sample.Sessions.Count(static s => s.Surface == SampleBuilder.FeedSurface);
        var text = new StringBuilder();
        text.Append("# Synthetic marketplace sample\n\n");
        text.Append("Generated, not collected: a second-hand fashion marketplace with users whose tastes (brands, categories,\n");
        text.Append("sizes, price level) are latent. Nothing here is real data.\n\n");
        text.Append(SampleGenerator.Invariant($"Regenerate (byte-identical for the same seed): `ranking generate-sample --out samples/marketplace --seed {o.Seed}`\n\n"));
        text.Append(SampleGenerator.Invariant($"Seed {o.Seed}; reference time {o.ReferenceTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (listings lie in the 90 days before it, sessions in the {o.SessionDays} days before it).\n\n"));
        text.Append("| file | rows | one line is |\n|---|---|---|\n");
        text.Append(SampleGenerator.Invariant($"| `items.jsonl` | {sample.Items.Count} | an item: itemId, sellerId, status (active/sold/hidden), title, brand, category, size, price, listedAt, and counters likes, views, seller_rating |\n"));
        text.Append(SampleGenerator.Invariant($"| `users.jsonl` | {sample.Users.Count} | a user: orders, sessions_30d, tenure_days, avg_price (when they ordered) and brand/category/size affinity maps |\n"));
        text.Append(SampleGenerator.Invariant($"| `sellers.jsonl` | {sample.Sellers.Count} | a seller: rating, sales, joinedAt |\n"));
        text.Append(SampleGenerator.Invariant($"| `feeds.jsonl` | {sample.Feeds.Count} | a stored home feed: userId, surface `feed`, ~{o.FeedCandidates} candidate item ids, candidatesVersion 1 |\n"));
        text.Append(SampleGenerator.Invariant($"| `impressions.jsonl` | {sample.Sessions.Count} | a logged session ({feed} feed, {sample.Sessions.Count - feed} search), oldest first |\n\n"));
        text.Append("An impression line: `sessionId` (`f_` feed, `s_` search), `userId`, `surface`, `ts`, `query` (search only),\n");
        text.Append("`context` (`platform`: ios/android/web), `items` (15-20 item ids in shown order), `clicks` and `purchases`\n");
        text.Append("(0-based indices into `items`, ascending; every purchase is also a click).\n\n");
        text.Append("How behaviour was drawn: the shown order comes from a naive legacy ranker (likes with noise, plus text match on\n");
        text.Append("search). A user examines position k with probability (k+1)^-0.5 (position bias) and clicks an examined item\n");
        text.Append("with a probability that grows with their latent brand and category preference, size fit, price fit, item\n");
        text.Append("quality, seller rating and, on search, how well the item matches the query. A click becomes a purchase mostly\n");
        text.Append("on size and price fit. User affinity maps and avg_price are noisy, partial estimates of the latent tastes,\n");
        text.Append("sparser for users with few orders. Items' likes and views are a snapshot at the reference time.\n");
        return text.ToString();
    }
}

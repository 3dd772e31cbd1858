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
        AppendLogs(text, sample);
        return text.ToString();
    }

    private static void AppendLogs(StringBuilder text, MarketplaceSample sample)
    {
        var sessions = sample.Sessions;
        var shown = sessions.Sum(static s => s.Items.Count);
        var events = sessions.Sum(static s => s.Clicks.Count + s.Purchases.Count);
        text.Append("\n## Production logs and truth\n\n");
        text.Append("The same sessions as `ranking serve --log-dir` and `POST /v1/events` log them (DESIGN.md, \"The learning loop\"),\n");
        text.Append("written by the same code, under `logs/`, partitioned by each record's time (UTC); `--no-logs` leaves them out\n");
        text.Append("and changes no other file.\n\n");
        text.Append("| path | records | one line is |\n|---|---|---|\n");
        text.Append(SampleGenerator.Invariant($"| `logs/impressions/dt=YYYY-MM-DD/hour=HH/sample.jsonl` | {sessions.Count} | an impression record per session |\n"));
        text.Append(SampleGenerator.Invariant($"| `logs/events/dt=YYYY-MM-DD/hour=HH/sample.jsonl` | {events} | an event record per click and purchase |\n"));
        text.Append(SampleGenerator.Invariant($"| `truth/truth.jsonl` | {shown} | a shown item and the probabilities its behaviour was drawn from |\n\n"));
        text.Append("An impression record: `impressionId` = the session's `sessionId`, `time` = its `ts`, `model` `legacy` version `1`\n");
        text.Append("(the ranker that chose the shown order), `fallback` null, `features` = the names in `samples/features/{surface}.json`,\n");
        text.Append("and per shown item its `position` (1-based), `score` (the legacy ranker's) and `values`: the feature values\n");
        text.Append("`serve` computes for that item from these items and users for a request with the session's user, query,\n");
        text.Append("context and `time` = `ts`. An event record: `type` click or purchase, `impressionId`, `itemId`, `userId`, `time`\n");
        text.Append("(a click a few seconds after the session, later for lower positions; a purchase minutes after its click; drawn\n");
        text.Append("from their own seeded sequence), `value` (the price on a purchase, else null) and `receivedAt` = `time`.\n\n");
        text.Append("A truth line (session order, then position): `impressionId`, `surface`, `itemId`, `position`, `examination`\n");
        text.Append("(P(examined) at that position: the propensity a debiasing method estimates), `clickGivenExamined`\n");
        text.Append("(P(click | examined): the item's true relevance to this user, query and context), `purchaseGivenClick`\n");
        text.Append("(P(purchase | click)), and `intent`: on search what the user was after (`category`, `brand` or null,\n");
        text.Append("`descriptor` or null, and the `query` typed for it), null on the feed. P(click) = examination x\n");
        text.Append("clickGivenExamined; P(purchase) = P(click) x purchaseGivenClick.\n\n");
        text.Append("`logs/` and `truth/` are not committed with `samples/marketplace` (git-ignored: 28 MB and 33 MB for the default\n");
        text.Append("sample); the command above writes them, byte-identical for the same seed.\n");
    }
}

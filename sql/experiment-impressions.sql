-- Impression outcomes: one row per impression of an experiment (or of a model), with what its users did inside the
-- attribution window. `ranking experiments report` (and `ranking monitor`, by model version) runs it on DuckDB and
-- computes the statistics (bootstrap over users, binomial test) from the rows; in AWS the same file is an Athena named
-- query over the Glue tables. Keep it to SQL both engines accept.
--
-- Reads the impressions and events tables of sql/labelled-dataset.sql (same columns, plus the impression record's
-- sessionId, experiment row(id, variant, mode) and each item's team).
--
-- Positional parameters, in this order:
--   1 experiment id (varchar), or '' for none: the impressions of that experiment
--   2 model name (varchar), or '' for none: the impressions that model ranked (no experiment id or model name is '')
--   3, 4 first and last dt of the impressions (varchar 'YYYY-MM-DD', inclusive)
--   5, 6 first and last dt of the events (inclusive)
--   7 attribution window in milliseconds (bigint), as in the labelled dataset: impression time - 60 s <= event time
--     <= impression time + window
--   8 k of CTR@k (integer 1..100)
--
-- Output, ordered by impressionId:
--   impressionId; dt; unit (the user id, else 'session:' || sessionId for an anonymous request that named its session,
--   else 'impression:' || impressionId: the unit the bootstrap resamples, as assignment hashed the same key); variant and mode (the record's experiment); modelVersion; shown (logged positions); clicks (distinct
--   clicked items); clickedAtK (1 when an item at position <= k was clicked); dcg10 (sum over clicked items at
--   positions <= 10 of 1 / log2(position + 1)); purchases (purchase events); winner (under interleaving, the team
--   whose items drew more clicks, null on a tie or with no click).
-- Duplicated records (a retried write) count once. Athena takes ? parameters in WHERE clauses only.
WITH records AS (
    SELECT
        impressionId,
        part,
        arbitrary("time") AS "time",
        arbitrary(dt) AS dt,
        arbitrary(userId) AS userId,
        arbitrary(sessionId) AS sessionId,
        arbitrary(experiment.variant) AS variant,
        arbitrary(experiment."mode") AS "mode",
        arbitrary(model.version) AS modelVersion,
        arbitrary(items) AS items
    FROM impressions
    WHERE (experiment.id = ? OR model.name = ?) AND dt BETWEEN ? AND ? AND cardinality(items) > 0
    GROUP BY impressionId, part
),
logged AS (
    SELECT
        r.impressionId,
        r."time",
        r.dt,
        r.userId,
        r.sessionId,
        r.variant,
        r."mode",
        r.modelVersion,
        r.items[k].itemId AS itemId,
        r.items[k]."position" AS "position",
        r.items[k].team AS team
    FROM records r
    CROSS JOIN UNNEST(sequence(1, cardinality(r.items))) AS t (k)
),
attributed AS (
    SELECT l.impressionId, l.itemId, l."position", l.team, e.type
    FROM logged l
    JOIN events e ON e.impressionId = l.impressionId AND e.itemId = l.itemId
    WHERE e.dt BETWEEN ? AND ? AND e.type IN ('click', 'purchase')
        AND date_diff('millisecond', from_iso8601_timestamp(l."time"), from_iso8601_timestamp(e."time")) BETWEEN -60000 AND CAST(? AS bigint)
),
clicked AS (
    SELECT DISTINCT impressionId, itemId, "position", team
    FROM attributed
    WHERE type = 'click'
),
cutoff AS (
    SELECT k FROM UNNEST(sequence(1, 100)) AS n (k) WHERE k = ?
),
shown AS (
    SELECT
        impressionId,
        arbitrary(dt) AS dt,
        arbitrary(coalesce(userId, 'session:' || sessionId, 'impression:' || impressionId)) AS unit,
        arbitrary(variant) AS variant,
        arbitrary("mode") AS "mode",
        arbitrary(modelVersion) AS modelVersion,
        count(*) AS shown
    FROM logged
    GROUP BY impressionId
),
clicks AS (
    SELECT
        c.impressionId,
        count(*) AS clicks,
        max(CASE WHEN c."position" <= x.k THEN 1 ELSE 0 END) AS clickedAtK,
        sum(CASE WHEN c."position" <= 10 THEN 1.0 / log2(c."position" + 1) ELSE 0.0 END) AS dcg10
    FROM clicked c
    CROSS JOIN cutoff x
    GROUP BY c.impressionId
),
purchases AS (
    SELECT impressionId, count(*) AS purchases
    FROM attributed
    WHERE type = 'purchase'
    GROUP BY impressionId
),
team_clicks AS (
    SELECT l.impressionId, l.team, count(c.itemId) AS clicks
    FROM logged l
    LEFT JOIN clicked c ON c.impressionId = l.impressionId AND c.itemId = l.itemId
    WHERE l.team IS NOT NULL
    GROUP BY l.impressionId, l.team
),
team_best AS (
    SELECT impressionId, max(clicks) AS best
    FROM team_clicks
    GROUP BY impressionId
),
winners AS (
    SELECT t.impressionId, CASE WHEN count(*) = 1 AND max(b.best) > 0 THEN arbitrary(t.team) END AS winner
    FROM team_clicks t
    JOIN team_best b ON b.impressionId = t.impressionId AND b.best = t.clicks
    GROUP BY t.impressionId
)
SELECT
    s.impressionId,
    s.dt,
    s.unit,
    s.variant,
    s."mode",
    s.modelVersion,
    CAST(s.shown AS integer) AS shown,
    CAST(coalesce(c.clicks, 0) AS integer) AS clicks,
    CAST(coalesce(c.clickedAtK, 0) AS integer) AS clickedAtK,
    CAST(coalesce(c.dcg10, 0.0) AS double) AS dcg10,
    CAST(coalesce(p.purchases, 0) AS integer) AS purchases,
    w.winner
FROM shown s
LEFT JOIN clicks c ON c.impressionId = s.impressionId
LEFT JOIN purchases p ON p.impressionId = s.impressionId
LEFT JOIN winners w ON w.impressionId = s.impressionId
ORDER BY s.impressionId

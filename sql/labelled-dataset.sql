-- Labelled dataset: impressions joined with their events inside the attribution window (DESIGN.md, "Labelled dataset").
-- Run as it is by DuckDB (`ranking dataset build`) and by Athena as a named query: keep it to SQL both accept.
--
-- Reads two tables or views, with the columns of the Glue tables (OpenX JSON SerDe over the JSON lines; identifiers
-- are case-insensitive in both engines):
--   impressions: impressionId varchar, "time" varchar (ISO 8601), surface varchar, userId varchar,
--                model row(name varchar, version varchar), experiment row(id varchar, variant varchar, mode varchar),
--                features array(varchar),
--                items array(row(itemId varchar, position integer, score double, "values" array(double), team varchar)),
--                part integer, parts integer, dt varchar ('YYYY-MM-DD', the partition)
--   events:      type varchar, impressionId varchar, itemId varchar, userId varchar, "time" varchar (ISO 8601),
--                value double, receivedAt varchar, dt varchar
--
-- Positional parameters, in this order:
--   1 surface (varchar)
--   2, 3 first and last dt of the impressions (varchar 'YYYY-MM-DD', inclusive)
--   4..8 grades of the event types view, click, like, add_to_cart, purchase (integer 0..30); other types grade 0
--   9, 10 first and last dt of the events (inclusive): the last covers the last impression's attribution window
--   11 attribution window in milliseconds (bigint): an event counts when impression time - 60 s <= event time <=
--      impression time + window. The 60 s before are for the app's clock (phones drift, and an event stamped in
--      whole seconds falls before an impression stamped in the same second to the tick)
--   12 1 to drop the impressions none of whose items has a positive label, 0 to keep them (integer)
--
-- Output: a row per logged item, ordered by impressionId then position (a group's rows are contiguous):
--   impressionId, "time" (timestamp with time zone), surface, userId, modelVersion, variant (under interleaving the
--   team that placed the item, under A/B the user's variant, else null), position, label (the max grade of the item's events with the same impressionId in the window, else 0),
--   features and "values" (the record's feature names and the item's values, null where the value was NaN).
--   The caller turns features/"values" into one column per feature ("values"[1] AS "price", ...).
-- Duplicated records (a retried write: the same impressionId and part) give one row per impressionId and position. Impressions logged without
-- features (a fallback before any feature was filled) give no rows.
--
-- Athena's execution parameters are literals: a varchar one is passed quoted ('feed'). Athena accepts ? in WHERE
-- clauses only, hence the shape of the grades below.
--
-- Three functions are Trino's and not DuckDB's: the DuckDB session defines them as macros with the same meaning for
-- the arguments used here (LabelledDatasetQuery.Shims): from_iso8601_timestamp(varchar), sequence(bigint, bigint),
-- cardinality(array). Array-of-row UNNEST is avoided on purpose: Trino expands the row's fields into columns, DuckDB
-- keeps one struct column, so the items are unnested by index.
-- A retried write repeats a whole record: records are deduplicated before their items are unnested (ten times fewer
-- rows to group, and no window over the items' arrays).
WITH records AS (
    SELECT
        impressionId,
        part,
        arbitrary("time") AS "time",
        arbitrary(surface) AS surface,
        arbitrary(userId) AS userId,
        arbitrary(model.version) AS modelVersion,
        arbitrary(experiment.variant) AS variant,
        arbitrary(features) AS features,
        arbitrary(items) AS items
    FROM impressions
    WHERE surface = ? AND dt BETWEEN ? AND ? AND cardinality(features) > 0 AND cardinality(items) > 0
    GROUP BY impressionId, part
),
logged AS (
    SELECT
        r.impressionId,
        r."time",
        r.surface,
        r.userId,
        r.modelVersion,
        coalesce(r.items[k].team, r.variant) AS variant,
        r.items[k].itemId AS itemId,
        r.items[k]."position" AS "position",
        r.features,
        r.items[k]."values" AS "values"
    FROM records r
    CROSS JOIN UNNEST(sequence(1, cardinality(r.items))) AS t (k)
),
-- Athena takes ? parameters in WHERE clauses only: each type's grade is picked from 0..30 by a WHERE.
grades AS (
    SELECT 'view' AS type, grade FROM UNNEST(sequence(0, 30)) AS n (grade) WHERE grade = ?
    UNION ALL SELECT 'click' AS type, grade FROM UNNEST(sequence(0, 30)) AS n (grade) WHERE grade = ?
    UNION ALL SELECT 'like' AS type, grade FROM UNNEST(sequence(0, 30)) AS n (grade) WHERE grade = ?
    UNION ALL SELECT 'add_to_cart' AS type, grade FROM UNNEST(sequence(0, 30)) AS n (grade) WHERE grade = ?
    UNION ALL SELECT 'purchase' AS type, grade FROM UNNEST(sequence(0, 30)) AS n (grade) WHERE grade = ?
),
graded AS (
    SELECT e.impressionId, e.itemId, e."time", r.grade
    FROM events e
    JOIN grades r ON r.type = e.type
    WHERE e.impressionId IS NOT NULL AND e.dt BETWEEN ? AND ?
),
labels AS (
    SELECT l.impressionId, l."position", max(g.grade) AS label
    FROM logged l
    JOIN graded g ON g.impressionId = l.impressionId AND g.itemId = l.itemId
    WHERE date_diff('millisecond', from_iso8601_timestamp(l."time"), from_iso8601_timestamp(g."time")) BETWEEN -60000 AND CAST(? AS bigint)
    GROUP BY l.impressionId, l."position"
),
positive AS (
    SELECT impressionId, max(label) AS best
    FROM labels
    GROUP BY impressionId
)
SELECT
    l.impressionId,
    from_iso8601_timestamp(l."time") AS "time",
    l.surface,
    l.userId,
    l.modelVersion,
    l.variant,
    l."position",
    CAST(coalesce(b.label, 0) AS integer) AS label,
    l.features,
    l."values"
FROM logged l
LEFT JOIN labels b ON b.impressionId = l.impressionId AND b."position" = l."position"
LEFT JOIN positive p ON p.impressionId = l.impressionId
WHERE coalesce(p.best, 0) > 0 OR CAST(? AS integer) = 0
ORDER BY l.impressionId, l."position"

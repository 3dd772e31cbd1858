using Amazon.DynamoDBv2.Model;
using Ranking.Core.Models;
using Ranking.Stores.Tables;

using A = Ranking.Contracts.TableSchemas.Feeds;

namespace Ranking.Stores.Feeds;

/// <summary><see cref="FeedRecord"/> &lt;-&gt; a feeds-table item (see <see cref="Contracts.TableSchemas.Feeds"/>).</summary>
public static class FeedMapper
{
    /// <summary>The whole feed as one item, for loading; absent optional fields are left out.</summary>
    public static Dictionary<string, AttributeValue> ToAttributes(FeedRecord feed)
    {
        var attributes = new Dictionary<string, AttributeValue>(10, StringComparer.Ordinal)
        {
            [A.UserId] = AttributeValues.String(feed.UserId),
            [A.Surface] = AttributeValues.String(feed.Surface),
            [A.Candidates] = Candidates(feed.Candidates),
            [A.CandidatesVersion] = AttributeValues.Integer(feed.CandidatesVersion),
        };
        AddRanking(attributes, feed);
        return attributes;
    }

    /// <summary>
    /// The ranking attributes only (ranked list, its version, model, the model version's sort key and time), as
    /// written by a re-rank. The sort key is derived, so <see cref="FromAttributes"/> does not read it back.
    /// </summary>
    internal static void AddRanking(Dictionary<string, AttributeValue> attributes, FeedRecord feed)
    {
        if (feed.Ranked is { } ranked)
        {
            attributes[A.Ranked] = Ranked(ranked, feed);
        }

        if (feed.RankedFromVersion is { } from)
        {
            attributes[A.RankedFromVersion] = AttributeValues.Integer(from);
        }

        if (feed.ModelName is { Length: > 0 } modelName)
        {
            attributes[A.ModelName] = AttributeValues.String(modelName);
        }

        if (feed.ModelVersion is { Length: > 0 } modelVersion)
        {
            attributes[A.ModelVersion] = AttributeValues.String(modelVersion);
            if (feed.Experiment is null)
            {
                attributes[A.RankedModelOrder] = AttributeValues.String(ModelVersionOrder.SortKey(modelVersion));
            }
        }

        if (feed.Experiment is { Length: > 0 } experiment)
        {
            attributes[A.Experiment] = AttributeValues.String(experiment);
        }

        if (feed.RankedAt is { } rankedAt)
        {
            attributes[A.RankedAt] = AttributeValues.Timestamp(rankedAt);
        }

        if (feed.ImpressionId is { Length: > 0 } impressionId)
        {
            attributes[A.ImpressionId] = AttributeValues.String(impressionId);
        }
    }

    internal static AttributeValue Candidates(IReadOnlyList<string> candidates)
    {
        var list = new List<AttributeValue>(candidates.Count);
        foreach (var id in candidates)
        {
            list.Add(AttributeValues.String(id));
        }

        return new AttributeValue { L = list };
    }

    /// <exception cref="InvalidDataException">An attribute has the wrong type; the message names the feed and attribute.</exception>
    public static FeedRecord FromAttributes(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        var userId = AttributeValues.RequireString(attributes, A.UserId, "feed");
        var surface = AttributeValues.RequireString(attributes, A.Surface, $"feed of {userId}");
        var record = $"feed {userId}/{surface}";
        return new FeedRecord
        {
            UserId = userId,
            Surface = surface,
            Candidates = ReadCandidates(attributes, record),
            CandidatesVersion = AttributeValues.GetInteger(attributes, A.CandidatesVersion, record) ?? 0,
            Ranked = ReadRanked(attributes, record),
            RankedFromVersion = AttributeValues.GetInteger(attributes, A.RankedFromVersion, record),
            ModelName = AttributeValues.GetString(attributes, A.ModelName, record),
            ModelVersion = AttributeValues.GetString(attributes, A.ModelVersion, record),
            RankedAt = AttributeValues.GetTimestamp(attributes, A.RankedAt, record),
            ImpressionId = AttributeValues.GetString(attributes, A.ImpressionId, record),
            Experiment = AttributeValues.GetString(attributes, A.Experiment, record),
        };
    }

    private static AttributeValue Ranked(IReadOnlyList<(string ItemId, double Score)> ranked, FeedRecord feed)
    {
        var list = new List<AttributeValue>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var (itemId, score) = ranked[i];
            list.Add(new AttributeValue
            {
                M = new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal)
                {
                    [A.RankedItemId] = AttributeValues.String(itemId),
                    [A.RankedScore] = AttributeValues.Number(score, $"feed {feed.UserId}/{feed.Surface}: ranked[{i}].score"),
                },
            });
        }

        return new AttributeValue { L = list };
    }

    private static List<string> ReadCandidates(IReadOnlyDictionary<string, AttributeValue> attributes, string record)
    {
        if (!attributes.TryGetValue(A.Candidates, out var value) || value.NULL == true)
        {
            return [];
        }

        if (value.L is not { } list)
        {
            throw AttributeValues.Bad(record, A.Candidates, "must be a list of strings (L of S)");
        }

        var candidates = new List<string>(list.Count);
        foreach (var entry in list)
        {
            candidates.Add(entry.S ?? throw AttributeValues.Bad(record, $"{A.Candidates}[{candidates.Count}]", "must be a string (S)"));
        }

        return candidates;
    }

    private static List<(string ItemId, double Score)>? ReadRanked(IReadOnlyDictionary<string, AttributeValue> attributes, string record)
    {
        if (!attributes.TryGetValue(A.Ranked, out var value) || value.NULL == true)
        {
            return null;
        }

        if (value.L is not { } list)
        {
            throw AttributeValues.Bad(record, A.Ranked, "must be a list of {itemId, score} maps");
        }

        var ranked = new List<(string, double)>(list.Count);
        foreach (var entry in list)
        {
            var where = $"{A.Ranked}[{ranked.Count}]";
            if (entry.M is not { } m)
            {
                throw AttributeValues.Bad(record, where, "must be a map {itemId, score}");
            }

            var itemId = AttributeValues.RequireString(m, A.RankedItemId, $"{record} {where}");
            var score = AttributeValues.GetNumber(m, A.RankedScore, $"{record} {where}")
                ?? throw AttributeValues.Bad(record, $"{where}.{A.RankedScore}", "is required");
            ranked.Add((itemId, score));
        }

        return ranked;
    }
}

using System.Text.Json;
using Ranking.Stores.Files;

namespace Ranking.Stores.Feeds;

/// <summary>The feed line format: candidates with their version and, optionally, the stored ranking.</summary>
internal static class FeedJson
{
    public static FeedRecord Parse(byte[] line)
    {
        var reader = JsonFields.Open(line);
        string? userId = null, surface = null, modelName = null, modelVersion = null, impressionId = null, experiment = null;
        List<string> candidates = [];
        long version = 0;
        long? rankedFrom = null;
        List<(string ItemId, double Score)>? ranked = null;
        DateTimeOffset? rankedAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonFields.Name(ref reader);
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (name)
            {
                case "userId": userId = JsonFields.String(ref reader, name); break;
                case "surface": surface = JsonFields.String(ref reader, name); break;
                case "candidates": candidates = JsonFields.StringArray(ref reader, name); break;
                case "candidatesVersion": version = JsonFields.Integer(ref reader, name); break;
                case "ranked": ranked = isNull ? null : Ranked(ref reader); break;
                case "rankedFromVersion": rankedFrom = isNull ? null : JsonFields.Integer(ref reader, name); break;
                case "modelName": modelName = JsonFields.OptionalString(ref reader, name); break;
                case "modelVersion": modelVersion = JsonFields.OptionalString(ref reader, name); break;
                case "rankedAt": rankedAt = isNull ? null : JsonFields.Timestamp(ref reader, name); break;
                case "impressionId": impressionId = JsonFields.OptionalString(ref reader, name); break;
                case "experiment": experiment = JsonFields.OptionalString(ref reader, name); break;
                default: reader.Skip(); break;
            }
        }

        JsonFields.End(ref reader);
        return new FeedRecord
        {
            UserId = JsonFields.Required(userId, "userId"),
            Surface = JsonFields.Required(surface, "surface"),
            Candidates = candidates,
            CandidatesVersion = version,
            Ranked = ranked,
            RankedFromVersion = rankedFrom,
            ModelName = modelName,
            ModelVersion = modelVersion,
            RankedAt = rankedAt,
            ImpressionId = impressionId,
            Experiment = experiment,
        };
    }

    public static string Format(FeedRecord feed) => JsonFields.Format(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("userId", feed.UserId);
        writer.WriteString("surface", feed.Surface);
        writer.WriteStartArray("candidates");
        foreach (var id in feed.Candidates)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteNumber("candidatesVersion", feed.CandidatesVersion);
        if (feed.Ranked is { } ranked)
        {
            writer.WriteStartArray("ranked");
            foreach (var (itemId, score) in ranked)
            {
                writer.WriteStartObject();
                writer.WriteString("itemId", itemId);
                writer.WriteNumber("score", score);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (feed.RankedFromVersion is { } from)
        {
            writer.WriteNumber("rankedFromVersion", from);
        }

        if (feed.ModelName is { } modelName)
        {
            writer.WriteString("modelName", modelName);
        }

        if (feed.ModelVersion is { } modelVersion)
        {
            writer.WriteString("modelVersion", modelVersion);
        }

        if (feed.RankedAt is { } rankedAt)
        {
            writer.WriteString("rankedAt", JsonFields.FormatTimestamp(rankedAt));
        }

        if (feed.ImpressionId is { } impressionId)
        {
            writer.WriteString("impressionId", impressionId);
        }

        if (feed.Experiment is { } experiment)
        {
            writer.WriteString("experiment", experiment);
        }

        writer.WriteEndObject();
    });

    private static List<(string ItemId, double Score)> Ranked(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("'ranked' must be an array of {itemId, score} objects");
        }

        var ranked = new List<(string, double)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var where = $"ranked[{ranked.Count}]";
            string? itemId = null;
            double? score = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = JsonFields.Name(ref reader);
                switch (name)
                {
                    case "itemId": itemId = JsonFields.String(ref reader, $"{where}.itemId"); break;
                    case "score": score = JsonFields.Number(ref reader, $"{where}.score"); break;
                    default: reader.Skip(); break;
                }
            }

            if (string.IsNullOrEmpty(itemId) || score is null)
            {
                throw new FormatException($"'{where}' needs a non-empty itemId and a score");
            }

            ranked.Add((itemId, score.Value));
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new FormatException("'ranked' must be an array of {itemId, score} objects");
        }

        return ranked;
    }
}

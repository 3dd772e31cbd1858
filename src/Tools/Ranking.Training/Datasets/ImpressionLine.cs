using System.Text.Json;

namespace Ranking.Training.Datasets;

/// <summary>
/// Validates an impression record line (DESIGN.md, "Impression record") as the dataset SQL will read it: every field the
/// join reads has its type, every item has as many values as the record has features. Unknown fields pass, so a newer
/// writer's additions (experiment, team) never make old builds refuse its lines.
/// </summary>
internal static class ImpressionLine
{
    /// <summary>Null when the line is a record the join can read; otherwise what is wrong with it.</summary>
    /// <param name="facts">What the scan needs from a good line; its spans point into <paramref name="line"/>.</param>
    public static string? Check(ReadOnlySpan<byte> line, out ImpressionFacts facts)
    {
        facts = default;
        try
        {
            return Read(line, ref facts);
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private static string? Read(ReadOnlySpan<byte> line, ref ImpressionFacts facts)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "not a JSON object";
        }

        var seen = Field.None;
        var featureCount = -1;
        var itemsStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            string? problem;
            if (name.SequenceEqual("log"u8))
            {
                problem = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("impression"u8) ? null : "log must be \"impression\"";
                seen |= Field.Log;
            }
            else if (name.SequenceEqual("impressionId"u8))
            {
                problem = JsonLine.NonEmptyString(ref reader, "impressionId");
                facts.ImpressionId = problem is null ? reader.GetString() : null;
                seen |= Field.ImpressionId;
            }
            else if (name.SequenceEqual("time"u8))
            {
                problem = JsonLine.Time(ref reader, "time");
                seen |= Field.Time;
            }
            else if (name.SequenceEqual("surface"u8))
            {
                problem = JsonLine.NonEmptyString(ref reader, "surface");
                facts.Surface = problem is null && !reader.ValueIsEscaped ? reader.ValueSpan : default;
                seen |= Field.Surface;
            }
            else if (name.SequenceEqual("userId"u8) || name.SequenceEqual("query"u8))
            {
                problem = JsonLine.StringOrNull(ref reader, name.SequenceEqual("userId"u8) ? "userId" : "query");
            }
            else if (name.SequenceEqual("model"u8))
            {
                problem = Model(ref reader);
            }
            else if (name.SequenceEqual("features"u8))
            {
                var start = (int)reader.TokenStartIndex;
                problem = Features(ref reader, out featureCount);
                facts.Features = problem is null ? line[start..(int)reader.BytesConsumed] : default;
                facts.FeatureCount = featureCount;
                seen |= Field.Features;
            }
            else if (name.SequenceEqual("items"u8))
            {
                // Values are counted against the features, which may come after the items: checked in a second pass.
                itemsStart = (int)reader.TokenStartIndex;
                problem = reader.TokenType == JsonTokenType.StartArray ? null : "items must be an array";
                reader.Skip();
                seen |= Field.Items;
            }
            else if (name.SequenceEqual("part"u8))
            {
                problem = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out facts.Part) && facts.Part >= 0 ? null : "part must be a whole number >= 0";
                seen |= Field.Part;
            }
            else if (name.SequenceEqual("parts"u8))
            {
                problem = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out facts.Parts) && facts.Parts >= 1 ? null : "parts must be a whole number >= 1";
                seen |= Field.Parts;
            }
            else
            {
                reader.Skip();
                problem = null;
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        if (Missing(seen) is { } missing)
        {
            return $"{missing} is missing";
        }

        if (facts.Part >= facts.Parts)
        {
            return "part must be less than parts";
        }

        if (reader.Read())
        {
            return "text after the record";
        }

        return Items(line[itemsStart..], featureCount, out facts.ItemCount);
    }

    private static string? Model(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "model must be an object or null";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isVersion = reader.ValueTextEquals("version"u8);
            reader.Read();
            if ((isName || isVersion) && reader.TokenType != JsonTokenType.String)
            {
                return isName ? "model.name must be a string" : "model.version must be a string";
            }

            reader.Skip();
        }

        return null;
    }

    private static string? Features(ref Utf8JsonReader reader, out int count)
    {
        count = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "features must be an array of names";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (JsonLine.NonEmptyString(ref reader, "features[]") is not null)
            {
                return "features must be an array of names";
            }

            count++;
        }

        return null;
    }

    private static string? Items(ReadOnlySpan<byte> items, int featureCount, out int count)
    {
        count = 0;
        var reader = new Utf8JsonReader(items, new JsonReaderOptions { MaxDepth = 16 });
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Item(ref reader, count, featureCount) is { } problem)
            {
                return problem;
            }

            count++;
        }

        return null;
    }

    private static string? Item(ref Utf8JsonReader reader, int index, int featureCount)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"items[{index}] must be an object";
        }

        var (hasItemId, hasPosition, values) = (false, false, -1);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            string? problem = null;
            if (name.SequenceEqual("itemId"u8))
            {
                problem = JsonLine.NonEmptyString(ref reader, $"items[{index}].itemId");
                hasItemId = true;
            }
            else if (name.SequenceEqual("position"u8))
            {
                problem = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var position) && position >= 1
                    ? null
                    : $"items[{index}].position must be a whole number >= 1";
                hasPosition = true;
            }
            else if (name.SequenceEqual("score"u8))
            {
                problem = JsonLine.NumberOrNull(ref reader, $"items[{index}].score");
            }
            else if (name.SequenceEqual("values"u8))
            {
                problem = Values(ref reader, index, out values);
            }
            else
            {
                reader.Skip();
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        if (!hasItemId || !hasPosition)
        {
            return $"items[{index}].{(hasItemId ? "position" : "itemId")} is missing";
        }

        // A record logged before any feature was filled (a fallback) has no features and its items no values.
        return featureCount > 0 && values != featureCount
            ? $"items[{index}].values has {Math.Max(values, 0)} values for {featureCount} features"
            : null;
    }

    private static string? Values(ref Utf8JsonReader reader, int index, out int count)
    {
        count = 0;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return $"items[{index}].values must be an array";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (JsonLine.NumberOrNull(ref reader, $"items[{index}].values[{count}]") is { } problem)
            {
                return problem;
            }

            count++;
        }

        return null;
    }

    private static string? Missing(Field seen)
    {
        foreach (var (field, name) in s_required)
        {
            if ((seen & field) == 0)
            {
                return name;
            }
        }

        return null;
    }

    private static readonly (Field Field, string Name)[] s_required =
    [
        (Field.Log, "log"), (Field.ImpressionId, "impressionId"), (Field.Time, "time"), (Field.Surface, "surface"),
        (Field.Features, "features"), (Field.Items, "items"), (Field.Part, "part"), (Field.Parts, "parts"),
    ];

    [Flags]
    private enum Field
    {
        None = 0,
        Log = 1,
        ImpressionId = 2,
        Time = 4,
        Surface = 8,
        Features = 16,
        Items = 32,
        Part = 64,
        Parts = 128,
    }
}

using System.Text.Json;

namespace Ranking.Functions.Train;

/// <summary>
/// The event: <c>{"surface":"feed","dataset":"s3://bucket/datasets/feed/2026-12-02/run/","name":"feed-ltr","version":null}</c>.
/// <c>name</c> null or absent: the surface's model in <c>RANKING_SURFACES</c>; <c>version</c> null or absent: the next after
/// the registry's newest. Read field by field so a bad event is refused with a message naming the field, and an unknown
/// field (a misspelt option) is refused rather than ignored.
/// </summary>
internal sealed record TrainRequest(string Surface, DatasetLocation Dataset, string Name, string? Version)
{
    private static readonly string[] s_fields = ["surface", "dataset", "name", "version"];

    /// <exception cref="InvalidDataException">The event is not a training request; the message names the field.</exception>
    public static TrainRequest Parse(ReadOnlyMemory<byte> payload, IReadOnlyDictionary<string, string> surfaces)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The event is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The event must be a JSON object, not {root.ValueKind}.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (Array.IndexOf(s_fields, property.Name) < 0)
                {
                    throw new InvalidDataException($"The event has an unknown field '{property.Name}'; the fields are {string.Join(", ", s_fields)}.");
                }
            }

            var surface = Text(root, "surface", required: true)!;
            if (surface.Length > 32 || !surface.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                throw new InvalidDataException($"surface '{surface}' must be 1-32 of a-z 0-9 _ -.");
            }

            var dataset = DatasetLocation.Parse(Text(root, "dataset", required: true)!, "dataset");
            var name = Text(root, "name", required: false)
                ?? (surfaces.TryGetValue(surface, out var configured) ? configured
                    : throw new InvalidDataException($"name is not given and surface '{surface}' has no model in RANKING_SURFACES ({string.Join(", ", surfaces.Keys)})."));
            return new TrainRequest(surface, dataset, name, Text(root, "version", required: false));
        }
    }

    private static string? Text(JsonElement root, string field, bool required)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidDataException($"{field} is required.") : null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            throw new InvalidDataException($"{field} must be a non-empty string{(required ? "" : " or null")}, not {Describe(value)}.");
        }

        return text;
    }

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.String ? "an empty string" : value.ValueKind.ToString().ToLowerInvariant();
}

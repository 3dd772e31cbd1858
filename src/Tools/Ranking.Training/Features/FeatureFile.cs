using System.Globalization;
using System.Text.Json;
using Ranking.Core.Features;
using Ranking.Core.Models;

namespace Ranking.Training.Features;

/// <summary>
/// A feature list declared in data: <c>{"features": [...]}</c>, the manifest's own schema (ordered, each with a name, a
/// source and a default), so a model's <c>manifest.json</c> is itself a valid feature file. Read with the manifest's
/// JSON context and checked by <see cref="FeaturePlan.Compile"/>, the code serving runs: a file that passes here
/// compiles at load.
/// </summary>
public static class FeatureFile
{
    private static readonly JsonDocumentOptions s_options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <exception cref="InvalidDataException">The file is not a valid feature list; the message names the file, the feature and the problem.</exception>
    public static IReadOnlyList<FeatureSpec> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the feature file: {e.Message}", e);
        }

        return Parse(text, Path.GetFileName(path));
    }

    /// <param name="json">The file's text.</param>
    /// <param name="fileName">Named in error messages.</param>
    /// <exception cref="InvalidDataException">See <see cref="Read"/>.</exception>
    public static IReadOnlyList<FeatureSpec> Parse(string json, string fileName)
    {
        using var document = Document(json, fileName);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("features", out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{fileName}: expected an object with a \"features\" array, as in a model manifest.");
        }

        if (list.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"{fileName}: \"features\" is empty: a model needs at least one feature.");
        }

        var specs = new List<FeatureSpec>(list.GetArrayLength());
        foreach (var element in list.EnumerateArray())
        {
            specs.Add(Feature(element, $"{fileName}: features[{specs.Count.ToString(CultureInfo.InvariantCulture)}]"));
        }

        try
        {
            FeaturePlan.Compile(specs);
        }
        catch (ArgumentException e)
        {
            // The plan's messages name the feature by index and name; the parameter suffix would only add noise.
            throw new InvalidDataException($"{fileName}: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}", e);
        }

        return specs;
    }

    private static JsonDocument Document(string json, string fileName)
    {
        try
        {
            return JsonDocument.Parse(json, s_options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{fileName}: not JSON: {e.Message}", e);
        }
    }

    /// <summary>The sources as manifests spell them, from the manifest's own JSON: no second list to keep in step.</summary>
    private static string SourceNames() => string.Join(", ", Enum.GetValues<FeatureSource>().Select(static source =>
        JsonSerializer.SerializeToElement(new FeatureSpec { Name = "", Source = source }, CoreJsonContext.Default.FeatureSpec).GetProperty("source").GetString()));

    private static FeatureSpec Feature(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("name", out var nameElement)
            || nameElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(nameElement.GetString()))
        {
            throw new InvalidDataException($"{where} needs a \"name\" (a non-empty string).");
        }

        where = $"{where} ('{nameElement.GetString()}')";
        if (!element.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{where} needs a \"source\" (a string).");
        }

        // The manifest's JSON reads a missing default as 0; a declared list says what a missing value means, always.
        if (!element.TryGetProperty("default", out var fallback) || fallback.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidDataException($"{where} needs a \"default\" (a number): the value used when its source has none.");
        }

        if (!fallback.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new InvalidDataException($"{where}: default {fallback.GetRawText()} is not a finite number.");
        }

        try
        {
            return element.Deserialize(CoreJsonContext.Default.FeatureSpec)!;
        }
        catch (JsonException e) when (e.Path == "$.source")
        {
            throw new InvalidDataException($"{where}: source '{source.GetString()}' is unknown (expected one of {SourceNames()}).", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }
}

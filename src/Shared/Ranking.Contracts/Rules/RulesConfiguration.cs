using System.Text.Json;

namespace Ranking.Contracts.Rules;

/// <summary>
/// The business rules configuration that <c>serve --rules</c>, the functions' <c>RANKING_RULES</c> and the CDK app's
/// <c>rules</c> context all take: a JSON object of surfaces, each with any of <c>dropInactive</c>, <c>diversity</c>,
/// <c>boosts</c> and <c>filters</c>. Every rejection names the key (<c>feed.boosts[1].add</c>), so a bad deployment
/// fails at start-up or synth, not on a request.
/// </summary>
public static class RulesConfiguration
{
    public const int MaxCaps = 8;
    public const int MaxRules = 32;
    public const int MaxValues = 1000;
    public const int MaxWindow = 1000;

    private static readonly string[] s_surfaceKeys = ["dropInactive", "diversity", "boosts", "filters"];
    private static readonly string[] s_capKeys = ["attribute", "max", "window"];
    private static readonly string[] s_matchKeys = ["attribute", "equals", "in", "notIn", "min", "max"];
    private static readonly string[] s_boostKeys = ["name", "add", .. s_matchKeys];
    private static readonly string[] s_filterKeys = ["name", .. s_matchKeys];

    /// <summary>The rules of every surface in <paramref name="surfaces"/>: as configured, or the defaults.</summary>
    /// <param name="json">Null or blank configures nothing.</param>
    /// <exception cref="FormatException">The text is not JSON, names a surface not served, or a key is unknown or invalid; the message starts with the key.</exception>
    public static IReadOnlyDictionary<string, SurfaceRulesSettings> Parse(string? json, IReadOnlyCollection<string> surfaces)
    {
        var rules = surfaces.ToDictionary(s => s, _ => SurfaceRulesSettings.Default, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return rules;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("must be a JSON object of surfaces, e.g. {\"feed\": {\"boosts\": [...]}}");
            }

            foreach (var surface in root.EnumerateObject())
            {
                if (!rules.ContainsKey(surface.Name))
                {
                    throw Invalid(surface.Name, $"is not a served surface (surfaces: {string.Join(", ", surfaces.Order(StringComparer.Ordinal))})");
                }

                rules[surface.Name] = ReadSurface(surface.Value, surface.Name);
            }
        }

        return rules;
    }

    private static SurfaceRulesSettings ReadSurface(JsonElement element, string path)
    {
        RequireObject(element, path, s_surfaceKeys);
        var settings = SurfaceRulesSettings.Default;
        if (element.TryGetProperty("dropInactive", out var drop))
        {
            settings = settings with
            {
                DropInactive = drop.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Invalid($"{path}.dropInactive", "must be true or false"),
                },
            };
        }

        if (element.TryGetProperty("diversity", out var diversity))
        {
            settings = settings with { Diversity = ReadList(diversity, $"{path}.diversity", MaxCaps, ReadCap) };
        }

        if (element.TryGetProperty("boosts", out var boosts))
        {
            settings = settings with { Boosts = Unique(ReadList(boosts, $"{path}.boosts", MaxRules, ReadBoost), b => b.Name, $"{path}.boosts") };
        }

        if (element.TryGetProperty("filters", out var filters))
        {
            settings = settings with { Filters = Unique(ReadList(filters, $"{path}.filters", MaxRules, ReadFilter), f => f.Name, $"{path}.filters") };
        }

        return settings;
    }

    private static DiversityCap ReadCap(JsonElement element, string path)
    {
        RequireObject(element, path, s_capKeys);
        var attribute = RequiredString(element, "attribute", path);
        if (!ItemAttributes.Groupable.Contains(attribute))
        {
            throw Invalid($"{path}.attribute", $"'{attribute}' cannot be capped (one of: {string.Join(", ", ItemAttributes.Groupable)})");
        }

        return new DiversityCap(attribute, RequiredInteger(element, "max", path, 1, MaxWindow), RequiredInteger(element, "window", path, 1, MaxWindow));
    }

    private static BoostRule ReadBoost(JsonElement element, string path)
    {
        RequireObject(element, path, s_boostKeys);
        var name = RuleName(element, path);
        var add = element.TryGetProperty("add", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetSingle(out var amount) && float.IsFinite(amount) && amount != 0
            ? amount
            : throw Invalid($"{path}.add", "is required: a finite number other than 0, added to the score of the items matched");
        return new BoostRule(name, ReadMatch(element, path), add);
    }

    private static FilterRule ReadFilter(JsonElement element, string path)
    {
        RequireObject(element, path, s_filterKeys);
        return new FilterRule(RuleName(element, path), ReadMatch(element, path));
    }

    /// <summary>Exactly one of <c>equals</c>, <c>in</c>, <c>notIn</c>, or a range of <c>min</c> and/or <c>max</c>.</summary>
    private static ItemMatch ReadMatch(JsonElement element, string path)
    {
        var attribute = RequiredString(element, "attribute", path);
        if (!ItemAttributes.IsText(attribute) && !IsNumberName(attribute))
        {
            throw Invalid($"{path}.attribute", $"'{attribute}' is not an attribute (a text one: {ItemAttributes.SellerId}, {ItemAttributes.Brand}, {ItemAttributes.Category}, {ItemAttributes.Size}, {ItemAttributes.Status}; or a number: {ItemAttributes.Price}, {ItemAttributes.AgeDays}, or an item number's name of [A-Za-z0-9_])");
        }

        var operators = s_matchKeys.Skip(1).Where(k => element.TryGetProperty(k, out _)).ToList();
        var isRange = operators.Count > 0 && operators.All(o => o is "min" or "max");
        if (!isRange && operators.Count != 1)
        {
            throw Invalid(path, operators.Count == 0
                ? "needs one of equals, in, notIn, or min and/or max"
                : $"has {string.Join(" and ", operators)}: give one of equals, in, notIn, or min and/or max");
        }

        var text = ItemAttributes.IsText(attribute);
        if (isRange)
        {
            RequireNumeric(attribute, text, $"{path}.{operators[0]}");
            var min = OptionalNumber(element, "min", path);
            var max = OptionalNumber(element, "max", path);
            return min > max
                ? throw Invalid($"{path}.min", $"is {min}, above max {max}")
                : new ItemMatch { Attribute = attribute, Min = min, Max = max };
        }

        var op = operators[0];
        var value = element.GetProperty(op);
        if (op == "equals" && value.ValueKind == JsonValueKind.Number)
        {
            RequireNumeric(attribute, text, $"{path}.equals");
            var number = OptionalNumber(element, "equals", path);
            return new ItemMatch { Attribute = attribute, Min = number, Max = number };
        }

        if (!text)
        {
            throw Invalid($"{path}.{op}", $"compares text, but '{attribute}' is a number: use a number for equals, or min/max");
        }

        var values = op == "equals"
            ? [value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid($"{path}.equals", "must be a string or a number")]
            : ReadList(value, $"{path}.{op}", MaxValues, (v, p) => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Invalid(p, "must be a string"));
        if (values.Count == 0)
        {
            throw Invalid($"{path}.{op}", "must not be empty");
        }

        return new ItemMatch { Attribute = attribute, Values = values, Negated = op == "notIn" };
    }

    private static void RequireNumeric(string attribute, bool text, string path)
    {
        if (text)
        {
            throw Invalid(path, $"compares numbers, but '{attribute}' is text: use equals, in or notIn with strings");
        }
    }

    private static List<T> ReadList<T>(JsonElement element, string path, int maxCount, Func<JsonElement, string, T> read)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, "must be an array");
        }

        var count = element.GetArrayLength();
        if (count > maxCount)
        {
            throw Invalid(path, $"has {count} entries, at most {maxCount} are allowed");
        }

        var list = new List<T>(count);
        foreach (var entry in element.EnumerateArray())
        {
            list.Add(read(entry, $"{path}[{list.Count}]"));
        }

        return list;
    }

    private static List<T> Unique<T>(List<T> rules, Func<T, string> name, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (!seen.Add(name(rules[i])))
            {
                throw Invalid($"{path}[{i}].name", $"'{name(rules[i])}' is used twice: names tell the rules apart in metrics and explanations");
            }
        }

        return rules;
    }

    private static void RequireObject(JsonElement element, string path, string[] keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "must be an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!keys.Contains(property.Name))
            {
                throw Invalid($"{path}.{property.Name}", $"is not a key here (keys: {string.Join(", ", keys)})");
            }
        }
    }

    /// <summary>Names appear in metric names and removal reasons, so they are short and plain.</summary>
    private static string RuleName(JsonElement element, string path)
    {
        var name = RequiredString(element, "name", path);
        return name.Length <= 32 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-')
            ? name
            : throw Invalid($"{path}.name", $"'{name}' must match [a-z0-9_-]{{1,32}}");
    }

    private static string RequiredString(JsonElement element, string key, string path) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Invalid($"{path}.{key}", "is required: a non-empty string");

    private static int RequiredInteger(JsonElement element, string key, string path, int min, int max) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw Invalid($"{path}.{key}", $"is required: an integer from {min} to {max}");

    private static double? OptionalNumber(JsonElement element, string key, string path)
    {
        if (!element.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Invalid($"{path}.{key}", "must be a finite number");
    }

    private static bool IsNumberName(string name) =>
        name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static FormatException Invalid(string path, string problem) => new($"{path} {problem}");
}

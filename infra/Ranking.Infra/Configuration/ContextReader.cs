using System.Globalization;
using System.Text.Json;
using Constructs;

namespace Ranking.Infra.Configuration;

/// <summary>
/// Reads context values, which arrive as strings from <c>-c key=value</c> and as JSON numbers or booleans from
/// <c>cdk.json</c>, and turns every bad one into an <see cref="InfraConfigurationException"/> naming its key.
/// </summary>
internal sealed class ContextReader(Node node)
{
    public string? Optional(string key)
    {
        var value = node.TryGetContext(key);
        var text = value switch
        {
            null => null,
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public string Text(string key, string fallback) => Optional(key) ?? fallback;

    /// <summary>
    /// A JSON value: an object from <c>cdk.json</c> (or the app's own context), its text (starting with <c>{</c>),
    /// or the path of a file that holds it (relative to where cdk runs: the repository). Null when unset.
    /// </summary>
    public string? Json(string key)
    {
        var value = node.TryGetContext(key);
        if (value is null or string)
        {
            var text = Optional(key);
            if (text is null || text.StartsWith('{'))
            {
                return text;
            }

            return File.Exists(text)
                ? File.ReadAllText(text)
                : throw Invalid(key, text, $"a JSON object, or the path of a JSON file (none at {Path.GetFullPath(text)})");
        }

        // jsii hands a cdk.json object over as a dictionary of dictionaries, lists and primitives.
        return JsonSerializer.Serialize(value);
    }

    public int Integer(string key, int fallback, int min, int max)
    {
        var text = Optional(key);
        if (text is null)
        {
            return fallback;
        }

        // cdk.json numbers come through as doubles: accept "30" and "30.0", not "30.5".
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == Math.Floor(number) && number >= min && number <= max)
        {
            return (int)number;
        }

        throw Invalid(key, text, $"an integer from {min} to {max}");
    }

    public double Number(string key, double fallback, double minExclusive, double maxInclusive)
    {
        var text = Optional(key);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number > minExclusive && number <= maxInclusive
            ? number
            : throw Invalid(key, text, $"a number greater than {minExclusive.ToString(CultureInfo.InvariantCulture)} and at most {maxInclusive.ToString(CultureInfo.InvariantCulture)}");
    }

    public bool Boolean(string key, bool fallback)
    {
        var text = Optional(key);
        return text?.ToUpperInvariant() switch
        {
            null => fallback,
            "TRUE" => true,
            "FALSE" => false,
            _ => throw Invalid(key, text, "true or false"),
        };
    }

    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        var text = Optional(key);
        if (text is null)
        {
            return fallback;
        }

        return choices.TryGetValue(text.ToUpperInvariant(), out var choice)
            ? choice
            : throw Invalid(key, text, "one of " + string.Join(", ", choices.Keys.Select(k => k.ToLowerInvariant())));
    }

    public static InfraConfigurationException Invalid(string key, string value, string expected) =>
        new($"context '{key}' is '{value}': expected {expected} (set it with -c {key}=... or in cdk.json).");
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Ranking.Training.Training;

/// <summary>
/// The hyper-parameter values <c>ranking tune</c> tries, read from a JSON object whose keys name parameters and whose
/// values list the values to try, e.g. <c>{"learningRate":[0.02,0.05],"leaves":[7,15],"objective":["lambdarank"]}</c>.
/// </summary>
public sealed class SearchSpace
{
    /// <summary>The keys a space may use, each the <see cref="LambdaMartOptions"/> parameter it sets.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["objective", "learningRate", "leaves", "minDataInLeaf", "trees", "earlyStopping", "minIterations", "truncationLevel", "labelGain"];

    private SearchSpace(IReadOnlyList<IReadOnlyList<SearchValue>> dimensions) => Dimensions = dimensions;

    /// <summary>Per key in the file's order, its values in the file's order.</summary>
    public IReadOnlyList<IReadOnlyList<SearchValue>> Dimensions { get; }

    /// <summary>The number of points in the full grid.</summary>
    public long GridSize => Dimensions.Aggregate(1L, static (size, values) => size * values.Count);

    /// <summary>Reads a space; every value is checked against <paramref name="baseline"/>'s other parameters.</summary>
    /// <param name="source">Names the space in error messages, e.g. its file name.</param>
    /// <exception cref="InvalidDataException">The text is not a space: the message names the key and what is wrong.</exception>
    public static SearchSpace Parse(string json, string source, LambdaMartOptions baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: a search space is a JSON object of parameter keys to lists of values.");
            }

            var dimensions = new List<IReadOnlyList<SearchValue>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var key = property.Name;
                if (!Keys.Contains(key))
                {
                    throw new InvalidDataException($"{source}: unknown key '{key}'; the keys are {string.Join(", ", Keys)}.");
                }

                if (!seen.Add(key))
                {
                    throw new InvalidDataException($"{source}: key '{key}' appears twice.");
                }

                if (property.Value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
                {
                    throw new InvalidDataException($"{source}: '{key}' must be a non-empty array of values to try.");
                }

                dimensions.Add([.. array.EnumerateArray().Select((element, i) => Value(source, key, i, element, baseline))]);
            }

            return dimensions.Count > 0 ? new SearchSpace(dimensions) : throw new InvalidDataException($"{source}: the space has no keys.");
        }
    }

    /// <summary>The grid's points in order, the last key varying fastest.</summary>
    public IReadOnlyList<TrialSetting> Grid()
    {
        var points = new List<TrialSetting> { new([]) };
        foreach (var values in Dimensions)
        {
            points = [.. points.SelectMany(point => values.Select(value => new TrialSetting([.. point.Values, value])))];
        }

        return points;
    }

    /// <summary>Grid search: the first <paramref name="budget"/> points of <see cref="Grid"/>, or all of them.</summary>
    public IReadOnlyList<TrialSetting> GridTrials(int? budget) => [.. Grid().Take(budget ?? int.MaxValue)];

    /// <summary>Random search: <paramref name="budget"/> distinct points (or all), drawn without replacement; the same for a seed.</summary>
    public IReadOnlyList<TrialSetting> RandomTrials(int? budget, int seed)
    {
        var points = Grid().ToArray();
        new Random(seed).Shuffle(points);
        return [.. points.Take(budget ?? int.MaxValue)];
    }

    private static SearchValue Value(string source, string key, int index, JsonElement element, LambdaMartOptions baseline)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{source}: '{key}'[{index}]");
        Func<LambdaMartOptions, LambdaMartOptions> apply = key switch
        {
            "objective" => element.ValueKind == JsonValueKind.String ? Set(element.GetString()!, static (o, v) => o with { Objective = v }) : throw Expected(where, "a string"),
            "learningRate" => Set(Number(element, where), static (o, v) => o with { LearningRate = v }),
            "leaves" => Set(Integer(element, where), static (o, v) => o with { Leaves = v }),
            "minDataInLeaf" => Set(Integer(element, where), static (o, v) => o with { MinDataInLeaf = v }),
            "trees" => Set(Integer(element, where), static (o, v) => o with { Trees = v }),
            "earlyStopping" => Set(Integer(element, where), static (o, v) => o with { EarlyStoppingRounds = v }),
            "minIterations" => Set(Integer(element, where), static (o, v) => o with { MinIterations = v }),
            "truncationLevel" => Set(Integer(element, where), static (o, v) => o with { TruncationLevel = v }),
            "labelGain" => Set(Numbers(element, where), static (o, v) => o with { LabelGain = v }),
            _ => throw new UnreachableException($"{key} is in Keys but has no setter."),
        };
        try
        {
            apply(baseline).Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }

        return new SearchValue(key, element.GetRawText(), apply);
    }

    private static Func<LambdaMartOptions, LambdaMartOptions> Set<T>(T value, Func<LambdaMartOptions, T, LambdaMartOptions> set) => options => set(options, value);

    private static double Number(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number ? element.GetDouble() : throw Expected(where, "a number");

    private static int Integer(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) ? value : throw Expected(where, "an integer");

    private static double[] Numbers(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select(e => Number(e, where))] : throw Expected(where, "an array of numbers");

    private static InvalidDataException Expected(string where, string what) => new($"{where} must be {what}.");
}

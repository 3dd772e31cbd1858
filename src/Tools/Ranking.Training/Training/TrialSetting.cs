namespace Ranking.Training.Training;

/// <summary>One point of a search space: a value for each of its keys, in the space's key order.</summary>
public sealed record TrialSetting(IReadOnlyList<SearchValue> Values)
{
    /// <summary>The options with this point's values set; every other parameter as in <paramref name="baseline"/>.</summary>
    public LambdaMartOptions Apply(LambdaMartOptions baseline)
    {
        var options = baseline;
        foreach (var value in Values)
        {
            options = value.Apply(options);
        }

        return options;
    }

    public override string ToString() => string.Join(' ', Values.Select(static v => $"{v.Key}={v.Text}"));
}

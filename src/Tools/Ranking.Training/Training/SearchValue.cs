namespace Ranking.Training.Training;

/// <summary>One value a search space declares for one parameter.</summary>
/// <param name="Key">The space's key, e.g. <c>leaves</c>.</param>
/// <param name="Json">The value as the space file wrote it (raw JSON).</param>
/// <param name="Apply">Sets the parameter on a copy of the options.</param>
public sealed record SearchValue(string Key, string Json, Func<LambdaMartOptions, LambdaMartOptions> Apply)
{
    /// <summary>For tables: a string without its quotes, anything else as written.</summary>
    public string Text => Json.StartsWith('"') ? Json[1..^1] : Json;
}

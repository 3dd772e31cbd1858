namespace Ranking.Contracts.Rules;

/// <summary>Removes every item <paramref name="When"/> matches; the response names it as removed by <c>filter:&lt;name&gt;</c>.</summary>
public sealed record FilterRule(string Name, ItemMatch When)
{
    public string Reason { get; } = "filter:" + Name;
}

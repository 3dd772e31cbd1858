namespace Ranking.Contracts.Rules;

/// <summary>Adds <paramref name="Add"/> to the model's score of every item <paramref name="When"/> matches.</summary>
public sealed record BoostRule(string Name, ItemMatch When, float Add);

namespace Ranking.Core.Rules;

/// <summary>Adds <see cref="Amount"/> to the score of items whose attribute (<c>brand</c>, <c>category</c>, <c>size</c>, <c>sellerId</c>) equals <see cref="Value"/>.</summary>
public sealed record Boost(string Attribute, string Value, float Amount);

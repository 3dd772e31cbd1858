namespace Ranking.Core.Rules;

/// <summary>A request's demand that an item be returned at <paramref name="Position"/> (1 is the top), whatever its score.</summary>
public readonly record struct Pin(string ItemId, int Position);

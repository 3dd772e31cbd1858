namespace Ranking.Core.Data;

/// <summary>A candidate as the caller sends it: an item id and optional caller-supplied numbers.</summary>
public readonly record struct Candidate(string ItemId, Dictionary<string, double>? Features = null);

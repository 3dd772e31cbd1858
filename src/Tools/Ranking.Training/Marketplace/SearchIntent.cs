namespace Ranking.Training.Marketplace;

/// <summary>What a searching user is after (category, optionally a brand and a descriptive word) and the query they typed for it.</summary>
internal sealed record SearchIntent(int Category, int Brand, string? Descriptor, string Query, string[] Tokens);

namespace Ranking.Training.Marketplace;

/// <summary>A brand of the synthetic catalogue: its price level relative to the category median and what it makes.</summary>
internal sealed record BrandInfo(string Name, double PriceFactor, double Popularity, string[] Categories);

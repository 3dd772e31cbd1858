namespace Ranking.Training.Marketplace;

/// <summary>A category of the synthetic catalogue: its median second-hand price, the spread of log prices and its size system.</summary>
internal sealed record CategoryInfo(string Name, double MedianPrice, double PriceSigma, SizeSystem Sizes, bool Womenswear, bool Menswear);

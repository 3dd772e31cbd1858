namespace Ranking.Training.Marketplace;

/// <summary>
/// A user's true tastes, known only to the generator: behaviour is drawn from them, and the stored user record
/// only sees a noisy, partial trace of them (as if learned from history).
/// </summary>
internal sealed class LatentUser
{
    public required string UserId { get; init; }
    /// <summary>Per <see cref="Catalog.Brands"/> entry, 0..1.</summary>
    public required double[] BrandPreference { get; init; }
    /// <summary>Per <see cref="Catalog.Categories"/> entry, 0..1.</summary>
    public required double[] CategoryPreference { get; init; }
    /// <summary>The preferred size index in each of <see cref="SizeSystem.All"/>.</summary>
    public required int[] SizeIndex { get; init; }
    /// <summary>Log of the multiple of a category's median price this user is happy to pay.</summary>
    public required double PriceLevel { get; init; }
    /// <summary>How much the user clicks overall, added to every click logit.</summary>
    public required double ClickBias { get; init; }
    /// <summary>Relative share of sessions.</summary>
    public required double Activity { get; init; }
    public required string Platform { get; init; }

    public double TargetPrice(CategoryInfo category) => category.MedianPrice * Math.Exp(PriceLevel);

    public int FavouriteBrand()
    {
        var best = 0;
        for (var b = 1; b < BrandPreference.Length; b++)
        {
            if (BrandPreference[b] > BrandPreference[best])
            {
                best = b;
            }
        }

        return best;
    }
}

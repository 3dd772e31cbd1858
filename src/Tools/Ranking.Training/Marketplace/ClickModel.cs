namespace Ranking.Training.Marketplace;

/// <summary>
/// How users react to what they are shown: a position-based model where a user examines position k with a
/// probability that decays with k (the position bias in the logs), and clicks an examined item with a probability
/// that grows with how well it fits their latent tastes; a purchase needs a click and a good size and price fit.
/// </summary>
internal static class ClickModel
{
    public static double Examination(int position) => Math.Pow(position + 1, -0.5);

    public static double SizeFit(LatentUser user, LatentItem item)
    {
        var system = Catalog.Categories[item.Category].Sizes;
        if (system.Sizes.Length == 1)
        {
            return 0.6;
        }

        var systemIndex = IndexOf(system);
        var distance = Math.Abs(system.IndexOf(item.Record.Size) - user.SizeIndex[systemIndex]);
        return distance switch { 0 => 1.0, 1 => 0.35, _ => 0.0 };
    }

    /// <summary>1 at the user's target price, falling off with the log-ratio; expensive items fall off faster.</summary>
    public static double PriceFit(LatentUser user, LatentItem item)
    {
        var ratio = Math.Log(item.Record.Price / user.TargetPrice(Catalog.Categories[item.Category]));
        return Math.Exp(-(ratio > 0 ? 1.6 : 0.6) * ratio * ratio);
    }

    /// <summary>The share of query tokens in the title, plus whether the item is what the query asked for.</summary>
    public static double QueryFit(SearchIntent intent, LatentItem item)
    {
        var fit = TokenShare(intent, item);
        fit += item.Category == intent.Category ? 0.6 : -1.2;
        if (intent.Brand >= 0)
        {
            fit += item.Brand == intent.Brand ? 0.5 : -0.2;
        }

        return fit;
    }

    public static double TokenShare(SearchIntent intent, LatentItem item)
    {
        var matched = 0;
        foreach (var token in intent.Tokens)
        {
            if (Array.IndexOf(item.Tokens, token) >= 0)
            {
                matched++;
            }
        }

        return (double)matched / intent.Tokens.Length;
    }

    public static double Appeal(LatentUser user, LatentItem item, SearchIntent? intent)
    {
        var appeal = (3.0 * user.BrandPreference[item.Brand])
            + (1.8 * user.CategoryPreference[item.Category])
            + (0.9 * SizeFit(user, item))
            + (1.3 * PriceFit(user, item))
            + (0.45 * item.Quality)
            + (0.3 * (item.SellerRating - 4.5));
        if (intent is not null)
        {
            appeal += 1.8 * QueryFit(intent, item);
        }

        return appeal;
    }

    public static double ClickProbability(LatentUser user, LatentItem item, SearchIntent? intent) =>
        Sampling.Sigmoid(Appeal(user, item, intent) - 5.4 + user.ClickBias);

    public static double PurchaseProbability(LatentUser user, LatentItem item) =>
        Sampling.Sigmoid(-3.4 + (1.6 * SizeFit(user, item)) + (1.5 * PriceFit(user, item)) + (0.8 * user.BrandPreference[item.Brand])
            + (0.4 * (item.SellerRating - 4.5)));

    private static int IndexOf(SizeSystem system)
    {
        for (var i = 0; i < SizeSystem.All.Count; i++)
        {
            if (ReferenceEquals(SizeSystem.All[i], system))
            {
                return i;
            }
        }

        return -1;
    }
}

using Ranking.Core.Features;
using Ranking.Training.Features;

namespace Ranking.Training.Marketplace;

/// <summary>
/// The default feature lists of the marketplace models: <c>samples/features/{surface}.json</c>, built into this
/// assembly so that <c>train</c> finds them from any folder. The files are the one copy; serving never reads them, it
/// reads a model's own manifest.
/// </summary>
internal static class MarketplaceFeatures
{
    public const string Feed = "feed";
    public const string Search = "search";

    /// <summary>The default features of <paramref name="surface"/> (<c>feed</c> or <c>search</c>), in column order.</summary>
    public static IReadOnlyList<FeatureSpec> For(string surface)
    {
        if (surface is not (Feed or Search))
        {
            throw new ArgumentException($"No default features for surface '{surface}': expected '{Feed}' or '{Search}', or a feature file.");
        }

        using var stream = typeof(MarketplaceFeatures).Assembly.GetManifestResourceStream($"features/{surface}.json")
            ?? throw new InvalidOperationException($"The build left out samples/features/{surface}.json.");
        using var reader = new StreamReader(stream);
        return FeatureFile.Parse(reader.ReadToEnd(), $"samples/features/{surface}.json");
    }
}

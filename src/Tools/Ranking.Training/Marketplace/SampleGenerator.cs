using System.Globalization;
using System.Text;
using Ranking.Stores.Files;

namespace Ranking.Training.Marketplace;

/// <summary>
/// Generates the synthetic second-hand fashion marketplace used by the samples, the tests and the default model:
/// users with latent tastes, items, stored feeds and impression logs whose clicks follow those tastes and a position bias.
/// </summary>
public static class SampleGenerator
{
    public const string ItemsFile = "items.jsonl";
    public const string UsersFile = "users.jsonl";
    public const string SellersFile = "sellers.jsonl";
    public const string FeedsFile = "feeds.jsonl";
    public const string ImpressionsFile = "impressions.jsonl";
    public const string ReadmeFile = "README.md";

    public static MarketplaceSample Generate(SampleGeneratorOptions options) => new SampleBuilder(options).Build();

    /// <summary>
    /// Writes every file of the sample into <paramref name="directory"/> (created if missing), replacing what is there;
    /// with <paramref name="logs"/>, also its sessions as production logs and the truth behind them
    /// (<c>logs/</c>, <c>truth/</c>), which leaves the other files' bytes unchanged; without, a previous run's are removed.
    /// </summary>
    /// <returns>The bytes written to <c>logs/</c> and <c>truth/</c> (0 without <paramref name="logs"/>).</returns>
    public static (long Logs, long Truth) Write(MarketplaceSample sample, string directory, bool logs = true)
    {
        Directory.CreateDirectory(directory);
        RecordJsonl.WriteItems(Path.Combine(directory, ItemsFile), sample.Items);
        RecordJsonl.WriteUsers(Path.Combine(directory, UsersFile), sample.Users);
        RecordJsonl.WriteFeeds(Path.Combine(directory, FeedsFile), sample.Feeds);
        WriteLines(Path.Combine(directory, SellersFile), sample.Sellers.Select(SellerJsonl.Format));
        WriteLines(Path.Combine(directory, ImpressionsFile), sample.Sessions.Select(SessionJsonl.Format));
        File.WriteAllText(Path.Combine(directory, ReadmeFile), SampleReadme.Text(sample), new UTF8Encoding(false));
        if (logs)
        {
            return SampleLogs.Write(sample, directory);
        }

        SampleLogs.RemoveOld(directory);
        return (0, 0);
    }

    private static void WriteLines(string path, IEnumerable<string> lines)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

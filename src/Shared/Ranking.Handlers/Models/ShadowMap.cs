using System.Globalization;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Models;

/// <summary>
/// Challengers per surface, written <c>feed=feed-ltr:2@0.1;search=search-ltr:5@0.05</c>: surface = model name,
/// version and the fraction of requests scored in the shadow.
/// </summary>
public static class ShadowMap
{
    public sealed record Entry(string Name, string Version, double Fraction);

    /// <exception cref="FormatException">The text is malformed or names a surface that is not served; the message says where.</exception>
    public static IReadOnlyDictionary<string, Entry> Parse(string? text, IEnumerable<string> surfaces)
    {
        var known = surfaces.ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var item in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (surface, rest) = Split(item, '=');
            var (model, fraction) = Split(rest, '@');
            var (name, version) = Split(model, ':');
            // "NaN" parses, and no draw is ever at or above it: it would shadow every request, so the range test admits no NaN.
            if (surface is null || name is null || version is null || fraction is null
                || !double.TryParse(fraction, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share is not (>= 0 and <= 1))
            {
                throw new FormatException($"'{item}' is not surface=model:version@fraction (fraction from 0 to 1)");
            }

            if (!known.Contains(surface))
            {
                throw new FormatException($"'{item}' names surface '{surface}', which is not served");
            }

            map[surface] = new Entry(name, version, share);
        }

        return map;
    }

    /// <summary>
    /// Loads each challenger, within <paramref name="timeout"/> each, and attaches it; one that does not load in time
    /// is logged and left out (the live model serves as before).
    /// </summary>
    public static async Task AttachAsync(ModelCatalog catalog, IReadOnlyDictionary<string, Entry> shadows, IModelLocator locator, TimeSpan timeout, Action<string> log, CancellationToken cancellationToken)
    {
        foreach (var (surface, entry) in shadows)
        {
            RankingModel challenger;
            try
            {
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                budget.CancelAfter(timeout);
                challenger = await locator.LoadAsync(entry.Name, entry.Version, budget.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A shadow is optional: a missing package, a refused read (S3 answers 403 for a missing key without
                // ListBucket) or a bad file leaves it out; it never fails the host's start.
                log($"challenger {entry.Name} {entry.Version} for {surface} did not load, no shadow scoring: {e.Message}");
                continue;
            }

            catalog.SetShadow(surface, new Shadow(challenger, entry.Fraction));
            log($"{surface}: {entry.Name} {entry.Version} scores {entry.Fraction:P0} of requests in the shadow");
        }
    }

    private static (string? Left, string? Right) Split(string? text, char separator)
    {
        var at = text?.LastIndexOf(separator) ?? -1;
        return at <= 0 || at == text!.Length - 1 ? (null, null) : (text[..at].Trim(), text[(at + 1)..].Trim());
    }
}
